//! Prompt templates: the files of the top-level `prompts/` folder, embedded at
//! build time, overridable per deployment in `$PORTOLAN_HOME/prompts/`.

use std::path::Path;

/// The templates the binary ships with.
const BUILT_IN: &[(&str, &str)] = &[
    ("system.md", include_str!("../../prompts/system.md")),
    ("ask.md", include_str!("../../prompts/ask.md")),
    (
        "ask-refusal.md",
        include_str!("../../prompts/ask-refusal.md"),
    ),
    ("brief.md", include_str!("../../prompts/brief.md")),
    ("classify.md", include_str!("../../prompts/classify.md")),
];

/// The built-in template `name`, whatever a deployment overrides (training
/// data is built from these, so that it does not depend on one machine).
pub fn built_in(name: &str) -> Option<String> {
    BUILT_IN
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, t)| t.trim_end().to_string())
}

/// The template `name`: the deployment's override if present, else the built-in one.
pub fn load(home: &Path, name: &str) -> Option<String> {
    let custom = home.join("prompts").join(name);
    if let Ok(text) = std::fs::read_to_string(custom) {
        return Some(text.trim_end().to_string());
    }
    built_in(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn override_wins_over_built_in() {
        let dir = std::env::temp_dir().join(format!("portolan-prompts-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("prompts")).unwrap();
        let built_in = load(&dir, "system.md").unwrap();
        assert!(built_in.contains("Portolan"));
        std::fs::write(dir.join("prompts/system.md"), "custom\n").unwrap();
        assert_eq!(load(&dir, "system.md").as_deref(), Some("custom"));
        assert_eq!(load(&dir, "missing.md"), None);
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
