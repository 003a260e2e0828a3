//! The runtime's files import each other without circles: each file's imports (its `use`
//! statements and the `crate::`/`super::` paths in its code, tests left out) point to files of
//! a lower layer only, so the runtime reads from the bottom up. A facade (`lib.rs`, a folder's
//! `mod.rs`) re-exports what its files define; a path through a re-export counts as a path to
//! the file that defines the name.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use tests::workspace_root;

/// A module path: `["transport", "client"]` for `transport/client.rs`, `[]` for `lib.rs`.
type Module = Vec<String>;

struct Tree {
    /// Each module's source, tests left out, and whether it is a folder's (`lib.rs`, `mod.rs`).
    files: BTreeMap<Module, (String, bool)>,
    /// The names a folder's file re-exports, and the path each comes from.
    reexports: BTreeMap<(Module, String), Vec<String>>,
}

fn read(dir: &Path, module: &Module, files: &mut BTreeMap<Module, (String, bool)>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    let mut entries: Vec<_> = entries.flatten().map(|e| e.path()).collect();
    entries.sort();
    for path in entries {
        let name = path.file_stem().and_then(|s| s.to_str()).unwrap_or_default().to_owned();
        if path.is_dir() {
            read(&path, &[module.clone(), vec![name]].concat(), files);
        } else if path.extension().is_some_and(|e| e == "rs") && name != "tests" {
            let text = std::fs::read_to_string(&path).unwrap_or_default();
            let code = text.split("#[cfg(test)]\nmod tests").next().unwrap_or_default().to_owned();
            let folder = name == "mod" || name == "lib";
            let here = if folder { module.clone() } else { [module.clone(), vec![name]].concat() };
            files.insert(here, (code, folder));
        }
    }
}

/// The paths a `use` statement's tree names: `a::{b, c::{d}}` is `a::b` and `a::c::d`.
fn expand(tree: &str) -> Vec<String> {
    // Renames (`x as y`) left out: `y` is only a local name.
    let mut kept = String::new();
    let mut renamed = false;
    for token in tree.split_whitespace() {
        match (token, renamed) {
            ("as", _) => renamed = true,
            (token, true) => {
                kept.push_str(token.trim_start_matches(|c: char| c.is_alphanumeric() || c == '_'));
                renamed = false;
            }
            (token, false) => kept.push_str(token),
        }
    }
    expand_tree(&kept)
}

/// [`expand`] of a tree without renames or whitespace.
fn expand_tree(tree: &str) -> Vec<String> {
    let Some(open) = tree.find('{') else { return vec![tree.to_owned()] };
    let (base, inner) = (&tree[..open], &tree[open + 1..tree.len().saturating_sub(1)]);
    let (mut items, mut depth, mut current) = (Vec::new(), 0, String::new());
    for c in inner.chars() {
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            ',' if depth == 0 => {
                items.push(std::mem::take(&mut current));
                continue;
            }
            _ => {}
        }
        current.push(c);
    }
    items.push(current);
    items.into_iter().filter(|i| !i.is_empty()).flat_map(|item| expand_tree(&format!("{base}{item}"))).collect()
}

impl Tree {
    fn load(root: &Path) -> Tree {
        let mut files = BTreeMap::new();
        read(root, &Vec::new(), &mut files);
        let mut reexports = BTreeMap::new();
        for (module, (code, folder)) in &files {
            if !folder {
                continue;
            }
            for statement in statements(code).filter(|(public, _)| *public) {
                for path in expand(&statement.1) {
                    let name = path.rsplit("::").next().unwrap_or_default().to_owned();
                    reexports.insert((module.clone(), name), path.split("::").map(str::to_owned).collect());
                }
            }
        }
        Tree { files, reexports }
    }

    /// The file `path`, seen from `from`, leads to.
    fn resolve(&self, from: &Module, path: &[String], depth: usize) -> Option<Module> {
        let (mut module, rest): (Module, &[String]) = match path.first().map(String::as_str) {
            Some("crate") => (Vec::new(), &path[1..]),
            Some("super") => {
                let mut module = from.clone();
                let mut rest = path;
                while rest.first().map(String::as_str) == Some("super") {
                    module.pop();
                    rest = &rest[1..];
                }
                (module, rest)
            }
            Some("self") => (from.clone(), &path[1..]),
            _ if depth > 0 => (from.clone(), path),
            _ => return None,
        };
        for segment in rest {
            let child = [module.clone(), vec![segment.clone()]].concat();
            if self.files.contains_key(&child) {
                module = child;
                continue;
            }
            if let (Some(source), true) = (self.reexports.get(&(module.clone(), segment.clone())), depth < 8) {
                return self.resolve(&module, source, depth + 1);
            }
            break;
        }
        Some(module)
    }

    /// Each file's imports, facades' re-exports left out.
    fn edges(&self) -> BTreeMap<Module, BTreeSet<Module>> {
        let mut edges = BTreeMap::new();
        for (module, (code, folder)) in &self.files {
            let mut paths: Vec<String> = statements(code).filter(|(public, _)| !(*folder && *public)).flat_map(|(_, tree)| expand(&tree)).collect();
            // A facade's re-exports name what it re-exports, not what it imports.
            let code: String = if *folder { code.split(';').filter(|s| !s.contains("pub use ") && !s.contains("pub(crate) use ")).collect::<Vec<_>>().join(";") } else { code.clone() };
            // Docs link to what they explain, which is no import.
            let code: String = code.lines().filter(|line| !line.trim_start().starts_with("//")).collect::<Vec<_>>().join("\n");
            let words: Vec<&str> = code.split(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':')).collect();
            paths.extend(words.iter().filter(|w| w.starts_with("crate::") || w.starts_with("super::")).map(|w| w.trim_end_matches(':').to_owned()));
            let targets: BTreeSet<Module> = paths
                .iter()
                .filter_map(|path| self.resolve(module, &path.split("::").map(str::to_owned).collect::<Vec<_>>(), 0))
                .filter(|target| target != module && self.files.contains_key(target))
                .collect();
            edges.insert(module.clone(), targets);
        }
        edges
    }
}

/// Each `use` statement of `code` that names a path of this crate: whether it is a re-export,
/// and its tree.
fn statements(code: &str) -> impl Iterator<Item = (bool, String)> + '_ {
    code.split(';').filter_map(|statement| {
        let statement = statement.trim_start_matches(|c: char| c.is_whitespace() || c == '}');
        let statement = statement.lines().filter(|l| !l.trim_start().starts_with("//") && !l.trim_start().starts_with('#')).collect::<Vec<_>>().join(" ");
        let statement = statement.trim();
        // A statement opening a module's block (`pub mod __private { pub use ...`) starts where
        // the `use` does.
        let statement = ["pub use ", "pub(crate) use "].iter().find_map(|start| statement.find(start).map(|at| &statement[at..])).unwrap_or(statement);
        let (public, tree) = if let Some(tree) = statement.strip_prefix("pub use ").or_else(|| statement.strip_prefix("pub(crate) use ")) {
            (true, tree)
        } else {
            (false, statement.strip_prefix("use ")?)
        };
        let tree = tree.trim();
        // A re-export may name its own file's children (`pub use report::Deviation`).
        let ours = public || tree.starts_with("crate::") || tree.starts_with("super::") || tree.starts_with("self::");
        ours.then(|| (public, tree.to_owned()))
    })
}

/// The circles among `edges`, each as the files it goes through.
fn circles(edges: &BTreeMap<Module, BTreeSet<Module>>) -> Vec<Vec<String>> {
    fn visit(at: &Module, edges: &BTreeMap<Module, BTreeSet<Module>>, stack: &mut Vec<Module>, done: &mut BTreeSet<Module>, found: &mut Vec<Vec<String>>) {
        if let Some(start) = stack.iter().position(|m| m == at) {
            found.push(stack[start..].iter().map(|m| if m.is_empty() { "lib".to_owned() } else { m.join("/") }).collect());
            return;
        }
        if !done.insert(at.clone()) {
            return;
        }
        stack.push(at.clone());
        for next in edges.get(at).into_iter().flatten() {
            visit(next, edges, stack, done, found);
        }
        stack.pop();
    }
    let (mut done, mut found) = (BTreeSet::new(), Vec::new());
    for module in edges.keys() {
        visit(module, edges, &mut Vec::new(), &mut done, &mut found);
    }
    found
}

#[test]
fn the_runtime_s_files_import_each_other_without_circles() {
    let tree = Tree::load(&workspace_root().join("generated-client/runtime/src"));
    let edges = tree.edges();
    assert!(edges.len() > 40, "read {} files", edges.len());
    assert!(edges.values().map(BTreeSet::len).sum::<usize>() > 100, "found the imports");
    if std::env::var_os("SHOW_EDGES").is_some() {
        for (module, targets) in &edges {
            println!("{} -> {:?}", module.join("/"), targets.iter().map(|t| t.join("/")).collect::<Vec<_>>());
        }
    }
    let found = circles(&edges);
    assert!(found.is_empty(), "import circles: {found:#?}");
}

#[test]
fn a_circle_is_found() {
    let module = |name: &str| vec![name.to_owned()];
    let edges = BTreeMap::from([(module("a"), BTreeSet::from([module("b")])), (module("b"), BTreeSet::from([module("c")])), (module("c"), BTreeSet::from([module("a")]))]);
    assert_eq!(circles(&edges), [["a", "b", "c"]]);
    assert_eq!(expand("crate::x::{y, z::{w, v as u}}"), ["crate::x::y", "crate::x::z::w", "crate::x::z::v"]);
}
