//! Every file of the layout emitted and formatted, on as many threads as
//! there are cores.

use crate::emit::{self, Output};
use crate::format::{format, format_items};
use crate::ir::Api;
use crate::layout::{Chunk, File, Layout};

/// Emits and formats every file of `layout`, on as many threads as there are
/// cores: formatting is the most expensive stage and files are independent,
/// as are the runs of a chunked file. Each run is emitted on the thread that
/// formats it, since tokens cannot move between threads. The order of `plan`
/// is kept.
pub fn render_all(api: &Api, layout: &Layout) -> Result<Vec<(String, String)>, String> {
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .clamp(1, 8);
    // One job per file, or per run of a chunked one.
    let jobs: Vec<(usize, Chunk)> = layout
        .files
        .iter()
        .enumerate()
        .flat_map(|(file, f)| {
            let count = f.runs();
            (0..count).map(move |index| (file, Chunk { index, count }))
        })
        .collect();
    let render = |file: &File, chunk: Chunk| -> Result<String, String> {
        match emit::render(api, file, chunk) {
            // The file's header comes with its first run only.
            Output::Rust(tokens) if chunk.is_first() => format(&file.path, tokens),
            Output::Rust(tokens) => format_items(&file.path, tokens),
            Output::Text(text) => Ok(text),
        }
    };
    let next = std::sync::atomic::AtomicUsize::new(0);
    let results: Vec<Vec<(usize, Result<String, String>)>> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..threads)
            .map(|_| {
                scope.spawn(|| {
                    // Work-stealing by index, so a thread that drew short
                    // jobs takes more of them.
                    let mut done = Vec::new();
                    loop {
                        let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        let Some(&(file, chunk)) = jobs.get(i) else {
                            break;
                        };
                        let Some(file) = layout.files.get(file) else {
                            break;
                        };
                        done.push((i, render(file, chunk)));
                    }
                    done
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| {
                h.join().unwrap_or_else(|_| {
                    vec![(
                        usize::MAX,
                        Err("internal error: an emitter panicked".to_string()),
                    )]
                })
            })
            .collect()
    });
    let mut texts: Vec<Option<String>> = vec![None; jobs.len()];
    for (i, result) in results.into_iter().flatten() {
        let text = result?;
        if let Some(slot) = texts.get_mut(i) {
            *slot = Some(text);
        }
    }
    // Every file has at least one job; its runs are joined in order.
    let mut files = vec![String::new(); layout.files.len()];
    for (&(file, _), text) in jobs.iter().zip(texts) {
        let text = text.ok_or_else(|| "internal error: a file was not rendered".to_string())?;
        if let Some(whole) = files.get_mut(file) {
            whole.push_str(&text);
        }
    }
    Ok(layout
        .files
        .iter()
        .map(|f| f.path.clone())
        .zip(files)
        .collect())
}
