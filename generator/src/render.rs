//! Every file of the layout emitted and formatted, on as many threads as
//! there are cores.

use crate::emit::{self, Output};
use crate::format;
use crate::ir::Api;
use crate::layout::{Chunk, Content, File, Layout, Module};
use crate::surface::{self, Entry};

/// The crate's files, and the public items of their code.
pub struct Rendered {
    pub files: Vec<(String, String)>,
    pub surface: Vec<Entry>,
}

/// A job's index, and its text and public items or what went wrong.
type Done = (usize, Result<(String, Vec<Entry>), String>);

/// Emits and formats every file of `layout`, on as many threads as there are
/// cores: formatting is the most expensive stage and files are independent,
/// as are the runs of a chunked file. Each run is emitted on the thread that
/// formats it, since tokens cannot move between threads. The order of `plan`
/// is kept. The public items of each module's code are read off its parsed
/// tokens on the way (`surface`), in the order of `plan` too.
pub fn render_all(api: &Api, layout: &Layout) -> Result<Rendered, String> {
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
    let render = |file: &File, chunk: Chunk| -> Result<(String, Vec<Entry>), String> {
        match emit::render(api, file, chunk) {
            Output::Rust(tokens) => {
                let parsed = format::parse(&file.path, tokens)?;
                let entries = public_items(api, file, &parsed);
                // The file's header comes with its first run only.
                Ok((format::print_parsed(parsed, !chunk.is_first()), entries))
            }
            Output::Text(text) => Ok((text, Vec::new())),
        }
    };
    let next = std::sync::atomic::AtomicUsize::new(0);
    let results: Vec<Vec<Done>> = std::thread::scope(|scope| {
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
    let mut items: Vec<Vec<Entry>> = vec![Vec::new(); jobs.len()];
    for (i, result) in results.into_iter().flatten() {
        let (text, entries) = result?;
        if let (Some(slot), Some(found)) = (texts.get_mut(i), items.get_mut(i)) {
            *slot = Some(text);
            *found = entries;
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
    Ok(Rendered {
        files: layout
            .files
            .iter()
            .map(|f| f.path.clone())
            .zip(files)
            .collect(),
        surface: items.into_iter().flatten().collect(),
    })
}

/// The public items of a module's file (none for the other files): the
/// client's are named as the crate's root re-exports them (`Client::..`),
/// the others by their module; a feature's file is compiled under its
/// feature, the stand-ins under `stubs`.
fn public_items(api: &Api, file: &File, parsed: &syn::File) -> Vec<Entry> {
    let section = match &file.content {
        Content::Module(section) => section,
        Content::Webhooks => {
            return surface::read("webhooks", &["feature = \"webhooks\"".to_string()], parsed)
        }
        _ => return Vec::new(),
    };
    let module = match section.module {
        Module::Client => "",
        other => other.name(),
    };
    let mut gates: Vec<String> = Vec::new();
    if section.module == Module::Stubs {
        gates.push("feature = \"stubs\"".to_string());
    }
    // As the item's own `cfg` would read (see `surface::with_cfgs`).
    if let Some(predicate) = section
        .place
        .gate()
        .and_then(|g| emit::cfg_predicate(api, &g))
    {
        let mut text = String::new();
        crate::tokens::write_line(predicate, &mut text);
        gates.push(text);
    }
    surface::read(module, &gates, parsed)
}
