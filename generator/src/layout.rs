//! Which item of the IR goes to which file of the generated crate, under
//! which feature, in how many runs: decided here once, as plain data, so
//! that the emitters print the items a file is given and ask nothing of
//! where else things are, and the renderer knows every file before any is
//! emitted.
//!
//! A crate split by features keeps an item that exactly one feature
//! compiles out of its module's own file: rustc parses every file of a crate
//! before `cfg` takes items out, and for a crate split by features that
//! parsing is paid whatever is on (7 % of `cargo check` with GitHub's
//! `repos`, more with smaller tags). Such an item goes to that feature's
//! file, which the module's own file includes with
//! `#[cfg(feature = "..")] include!("module/feature.rs");`, so with the
//! feature off the file is never read. `include!` keeps the items in their
//! module, so paths inside them are those of a single file.
//!
//! The models that several features share are likewise in a file per set
//! of features (`models/shared/<its first model>.rs`), included under
//! `any(..)` of them: Graph's 4,695 such items each carried a list of up
//! to 163 features (79,000 of the 369,000 lines of its `models.rs`), and a
//! build with one feature read all 13 MB of them. An item in a file
//! included under its gate has no `cfg` of its own (see `emit::cfg_in`).

use std::ops::Range;

use crate::ir::{Api, Gate, TypeId};

/// Every file of the generated crate, in the order they are written.
pub struct Layout {
    pub files: Vec<File>,
}

/// One file: its path relative to the crate root and what it holds.
pub struct File {
    pub path: String,
    pub content: Content,
}

/// What a file holds.
pub enum Content {
    /// `Cargo.toml`.
    Manifest,
    /// `rustfmt.toml`, which tells rustfmt to leave the code as written.
    Rustfmt,
    /// `src/lib.rs`: the crate's docs, its modules and re-exports.
    Lib,
    /// Items of one of the crate's modules.
    Module(Section),
    /// `src/webhooks.rs`: the API's webhook events and their verifier.
    Webhooks,
    /// `tests/examples.rs`: a test per example of the description.
    ExampleTests,
    /// The JSON of one example (`Api::examples`), which its test reads.
    Example(usize),
    /// A file of the runtime, copied as it is.
    Runtime(&'static str),
}

/// The modules whose items are laid out over files.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Module {
    /// `client.rs`: the `Client` and one method per operation.
    Client,
    /// `models.rs`: one type per model.
    Models,
    /// `operations.rs`: one request builder per operation, and the page
    /// models' `Page` impls.
    Operations,
    /// `errors.rs`: one error type per operation.
    Errors,
    /// `stubs.rs`: each operation's stand-in (the `stubs` feature), but
    /// for those whose `send` streams the answer.
    Stubs,
}

impl Module {
    const ALL: [Module; 5] = [
        Module::Client,
        Module::Models,
        Module::Operations,
        Module::Errors,
        Module::Stubs,
    ];

    /// The module's name, which is its file's and its folder's.
    pub fn name(self) -> &'static str {
        match self {
            Module::Client => "client",
            Module::Models => "models",
            Module::Operations => "operations",
            Module::Errors => "errors",
            Module::Stubs => "stubs",
        }
    }

    /// How many of its main items a run holds: runs go to different
    /// threads, so that the largest file is not alone the length of the
    /// whole formatting on two cores.
    fn per_run(self) -> Option<usize> {
        match self {
            Module::Models => Some(250),
            Module::Operations | Module::Stubs => Some(100),
            Module::Client | Module::Errors => None,
        }
    }
}

/// Which file of its module an item is in.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Place {
    /// The module's own file, with its imports and the `include!` of the
    /// others.
    Own,
    /// The file of the items only feature `f` compiles.
    Feature(usize),
    /// The file of the models compiled under this gate, which several
    /// features (or `full` alone) open: included under it, so that its
    /// items need no `cfg` of their own (`Module::Models`).
    Shared(Gate),
}

impl Place {
    /// The gate a file at this place is included under (none for the
    /// module's own file).
    pub fn gate(&self) -> Option<Gate> {
        match self {
            Place::Own => None,
            Place::Feature(f) => Some(Gate::Any(vec![*f])),
            Place::Shared(gate) => Some(gate.clone()),
        }
    }
}

/// The items of one file of a module.
pub struct Section {
    pub module: Module,
    pub place: Place,
    /// The models it defines (`Module::Models`), in definition order.
    pub types: Vec<TypeId>,
    /// The operations whose method (`Client`), builder and success enum
    /// (`Operations`) or error type (`Errors`) it holds, by index.
    pub operations: Vec<usize>,
    /// The page models whose `Page` impl it holds (`Operations`).
    pub pages: Vec<TypeId>,
    /// The operations whose error enum's stand-in it holds (`Stubs`): those
    /// that define an enum rather than alias another's.
    pub errors: Vec<usize>,
    /// The files it includes at its end: the gate each is compiled under,
    /// and its path relative to this file's folder.
    pub includes: Vec<(Gate, String)>,
    /// How many runs it is formatted in (see [`Chunk`]).
    pub runs: usize,
}

impl Section {
    /// The main items of the module, which runs divide: models or operations.
    fn len(&self) -> usize {
        match self.module {
            Module::Models => self.types.len(),
            _ => self.operations.len(),
        }
    }
}

impl File {
    /// How many runs the file is formatted in: one but for large modules.
    pub fn runs(&self) -> usize {
        match &self.content {
            Content::Module(section) => section.runs.max(1),
            _ => 1,
        }
    }
}

/// Which run of a file to emit: run `index` of `count`. A file formats item
/// by item, so the formatted runs one after the other are the text of the
/// whole file formatted at once.
#[derive(Clone, Copy, Debug)]
pub struct Chunk {
    pub index: usize,
    pub count: usize,
}

impl Chunk {
    /// The whole file as one run.
    pub const WHOLE: Chunk = Chunk { index: 0, count: 1 };

    /// The part of `0..len` this run covers (runs split it evenly).
    fn range(self, len: usize) -> Range<usize> {
        let count = self.count.max(1);
        len * self.index / count..len * (self.index + 1) / count
    }

    /// The items of `all` this run covers (none for a run past the last).
    pub fn of<T>(self, all: &[T]) -> &[T] {
        all.get(self.range(all.len())).unwrap_or_default()
    }

    /// Whether this run starts the file (and carries its header items).
    pub fn is_first(self) -> bool {
        self.index == 0
    }

    /// Whether this run ends the file (and carries its trailing items).
    pub fn is_last(self) -> bool {
        self.index + 1 >= self.count
    }
}

/// The feature whose file holds an item compiled under `gate`: one that
/// exactly one feature compiles.
pub fn own_feature(gate: &Gate) -> Option<usize> {
    match gate {
        Gate::Any(features) if features.len() == 1 => features.first().copied(),
        _ => None,
    }
}

/// Whether a model compiled under `gate` goes to a file of the models
/// under the same gate: one that several features open, or `full` alone.
/// (The other modules' items that several features share are few, and stay
/// in their module's own file.)
fn shared(gate: &Gate) -> bool {
    match gate {
        Gate::Any(features) => features.len() > 1,
        Gate::Full => true,
        Gate::Always => false,
    }
}

/// Whether an item of `module` compiled under `gate` goes to the file at
/// `at`: a feature's own, a file of models under the same gate of several
/// features, or the module's own for the rest.
fn is_at(module: Module, gate: &Gate, at: &Place) -> bool {
    let models = module == Module::Models;
    match at {
        Place::Feature(f) => own_feature(gate) == Some(*f),
        Place::Shared(shared_gate) => models && gate == shared_gate,
        Place::Own => own_feature(gate).is_none() && !(models && shared(gate)),
    }
}

/// The gate of an operation's error type: its own enum's, or for an alias
/// of another operation's enum the operation's.
pub fn error_gate(op: &crate::ir::Operation) -> &Gate {
    match &op.error_alias {
        Some(_) => &op.gate,
        None => &op.error_gate,
    }
}

/// The page models of the API's paginated operations, each once, in the
/// order of the first operation that pages through it.
fn page_types(api: &Api) -> Vec<TypeId> {
    let mut out: Vec<TypeId> = Vec::new();
    for id in api
        .operations
        .iter()
        .filter_map(|op| op.pagination.as_ref()?.page_ty)
    {
        if !out.contains(&id) {
            out.push(id);
        }
    }
    out
}

/// The section of `module` for the file at `at` (with `split` false, the
/// module's own file, with every item).
///
/// A file of shared models is given its models (`shared_types`), which
/// [`shared_files`] found in one pass over them all: a pass per file would
/// be quadratic (Graph has 343 such files over 13,624 models).
fn section(
    api: &Api,
    module: Module,
    at: Place,
    shared_types: Vec<TypeId>,
    pages: &[TypeId],
    split: bool,
) -> Section {
    let here = |gate: &Gate| !split || is_at(module, gate, &at);
    let operations = api.operations.iter().enumerate();
    let (types, operations, pages) = match module {
        Module::Models if matches!(at, Place::Shared(_)) => (shared_types, Vec::new(), Vec::new()),
        Module::Models => (
            (0..api.types.len())
                .map(TypeId)
                .filter(|&id| here(&api.def(id).gate))
                .collect(),
            Vec::new(),
            Vec::new(),
        ),
        Module::Client => (
            Vec::new(),
            operations
                .filter(|(_, op)| here(&op.gate))
                .map(|(i, _)| i)
                .collect(),
            Vec::new(),
        ),
        Module::Operations => (
            Vec::new(),
            operations
                .filter(|(_, op)| here(&op.gate))
                .map(|(i, _)| i)
                .collect(),
            pages
                .iter()
                .copied()
                .filter(|&id| here(&api.def(id).gate))
                .collect(),
        ),
        Module::Errors => (
            Vec::new(),
            operations
                .filter(|(_, op)| here(error_gate(op)))
                .map(|(i, _)| i)
                .collect(),
            Vec::new(),
        ),
        Module::Stubs => (
            Vec::new(),
            operations
                .filter(|(_, op)| op.stubbable() && here(&op.gate))
                .map(|(i, _)| i)
                .collect(),
            Vec::new(),
        ),
    };
    let errors = match module {
        Module::Stubs => api
            .operations
            .iter()
            .enumerate()
            .filter(|(_, op)| op.error_alias.is_none() && here(&op.error_gate))
            .map(|(i, _)| i)
            .collect(),
        _ => Vec::new(),
    };
    let mut section = Section {
        module,
        place: at,
        types,
        operations,
        pages,
        errors,
        includes: Vec::new(),
        runs: 1,
    };
    if let Some(per_run) = module.per_run() {
        section.runs = section.len().div_ceil(per_run).max(1);
    }
    section
}

/// The files of the models several features share, one per gate, in the
/// order of each gate's first model, each named after that model
/// (`shared/microsoft-graph-calendar`): the set of features it stands for
/// is in the `cfg` of its `include!`.
fn shared_files(api: &Api) -> Vec<(Place, String, Vec<TypeId>)> {
    let mut out: Vec<(Place, String, Vec<TypeId>)> = Vec::new();
    let mut index: std::collections::HashMap<&Gate, usize> = std::collections::HashMap::new();
    for (i, t) in api.types.iter().enumerate() {
        if !shared(&t.gate) {
            continue;
        }
        let file = *index.entry(&t.gate).or_insert_with(|| {
            let name = heck::ToKebabCase::to_kebab_case(t.name.as_str());
            out.push((
                Place::Shared(t.gate.clone()),
                format!("shared/{name}"),
                Vec::new(),
            ));
            out.len() - 1
        });
        if let Some((_, _, types)) = out.get_mut(file) {
            types.push(TypeId(i));
        }
    }
    out
}

/// The features with items of `module` of their own, in order.
fn features_of(api: &Api, module: Module, pages: &[TypeId]) -> Vec<usize> {
    let gates: Vec<&Gate> = match module {
        Module::Models => api.types.iter().map(|t| &t.gate).collect(),
        Module::Client => api.operations.iter().map(|op| &op.gate).collect(),
        Module::Operations => api
            .operations
            .iter()
            .map(|op| &op.gate)
            .chain(pages.iter().map(|&id| &api.def(id).gate))
            .collect(),
        Module::Errors => api.operations.iter().map(error_gate).collect(),
        Module::Stubs => api
            .operations
            .iter()
            .filter(|op| op.stubbable())
            .map(|op| &op.gate)
            .chain(
                api.operations
                    .iter()
                    .filter(|op| op.error_alias.is_none())
                    .map(|op| &op.error_gate),
            )
            .collect(),
    };
    let mut out: Vec<usize> = gates.into_iter().filter_map(own_feature).collect();
    out.sort_unstable();
    out.dedup();
    out.retain(|&f| f < api.features.len());
    out
}

/// The crate's files: the manifest, the crate root, each module's own file
/// and its features' files, the example tests and the runtime.
pub fn plan(api: &Api) -> Layout {
    plan_split(api, true)
}

/// The files of a build script's module (see `module`): each module's items
/// in one file, features or not (the module is one file in the end, and
/// rustc reads all of it), and no tests.
pub fn plan_unsplit(api: &Api) -> Layout {
    let mut layout = plan_split(api, false);
    layout.files.retain(|f| {
        !matches!(
            f.content,
            Content::ExampleTests | Content::Example(_) | Content::Manifest | Content::Rustfmt
        )
    });
    layout
}

/// [`plan`], with the items only one feature compiles in that feature's
/// file when `split`, or in their module's own file.
fn plan_split(api: &Api, split: bool) -> Layout {
    let pages = page_types(api);
    let mut files = vec![
        File {
            path: "Cargo.toml".into(),
            content: Content::Manifest,
        },
        File {
            path: "rustfmt.toml".into(),
            content: Content::Rustfmt,
        },
        File {
            path: "src/lib.rs".into(),
            content: Content::Lib,
        },
    ];
    let mut feature_files = Vec::new();
    for module in Module::ALL {
        let name = module.name();
        let features = if split {
            features_of(api, module, &pages)
        } else {
            Vec::new()
        };
        let mut own = section(api, module, Place::Own, Vec::new(), &pages, split);
        let mut others: Vec<(Place, String, Vec<TypeId>)> = features
            .iter()
            .map(|&f| (Place::Feature(f), api.features[f].name.clone(), Vec::new()))
            .collect();
        if split && module == Module::Models {
            others.extend(shared_files(api));
        }
        for (at, file, types) in others {
            let Some(gate) = at.gate() else { continue };
            own.includes.push((gate, format!("{name}/{file}.rs")));
            feature_files.push(File {
                path: format!("src/{name}/{file}.rs"),
                content: Content::Module(section(api, module, at, types, &pages, split)),
            });
        }
        files.push(File {
            path: format!("src/{name}.rs"),
            content: Content::Module(own),
        });
    }
    files.extend(feature_files);
    if !api.webhooks.events.is_empty() {
        files.push(File {
            path: "src/webhooks.rs".into(),
            content: Content::Webhooks,
        });
    }
    if !api.examples.is_empty() {
        files.push(File {
            path: "tests/examples.rs".into(),
            content: Content::ExampleTests,
        });
        for (i, example) in api.examples.iter().enumerate() {
            files.push(File {
                path: format!("tests/examples/{}.json", example.name),
                content: Content::Example(i),
            });
        }
    }
    for (name, text) in RUNTIME {
        files.push(File {
            path: format!("src/runtime/{name}"),
            content: Content::Runtime(text),
        });
    }
    Layout { files }
}

/// The runtime, copied verbatim: real Rust, compiled and tested in every
/// generated crate (see `generator/runtime/`).
const RUNTIME: &[(&str, &str)] = &[
    ("auth.rs", include_str!("../runtime/auth.rs")),
    (
        "call_options.rs",
        include_str!("../runtime/call_options.rs"),
    ),
    ("clock.rs", include_str!("../runtime/clock.rs")),
    ("decode.rs", include_str!("../runtime/decode.rs")),
    ("encode.rs", include_str!("../runtime/encode.rs")),
    ("error.rs", include_str!("../runtime/error.rs")),
    ("hooks.rs", include_str!("../runtime/hooks.rs")),
    ("mod.rs", include_str!("../runtime/mod.rs")),
    ("nullable.rs", include_str!("../runtime/nullable.rs")),
    ("paginate.rs", include_str!("../runtime/paginate.rs")),
    ("response.rs", include_str!("../runtime/response.rs")),
    ("retry.rs", include_str!("../runtime/retry.rs")),
    (
        "serde_object.rs",
        include_str!("../runtime/serde_object.rs"),
    ),
    ("stream.rs", include_str!("../runtime/stream.rs")),
    ("string_enum.rs", include_str!("../runtime/string_enum.rs")),
    ("stubs.rs", include_str!("../runtime/stubs.rs")),
    ("transport.rs", include_str!("../runtime/transport.rs")),
    ("unions.rs", include_str!("../runtime/unions.rs")),
    ("upload.rs", include_str!("../runtime/upload.rs")),
    ("webhook.rs", include_str!("../runtime/webhook.rs")),
];

#[cfg(test)]
mod tests {
    /// Every file of `generator/runtime/` is copied; a new one cannot be forgotten.
    #[test]
    fn runtime_list_is_complete() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/runtime");
        let mut on_disk: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        on_disk.sort();
        let listed: Vec<&str> = super::RUNTIME.iter().map(|(name, _)| *name).collect();
        assert_eq!(on_disk, listed);
    }
}
