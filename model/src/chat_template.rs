//! The ChatML conversation format used by Qwen2.5 instruct models.
//!
//! Kept as code rather than a Jinja file: it is a wire format of the model,
//! not a prompt we tune. Prompts we tune live in the top-level `prompts/` folder.

use crate::contract::{ChatMessage, Role};

/// Marks the start of a turn.
pub const IM_START: &str = "<|im_start|>";
/// Marks the end of a turn; generation stops on it.
pub const IM_END: &str = "<|im_end|>";
/// End of text; also a stop token.
pub const END_OF_TEXT: &str = "<|endoftext|>";

/// Qwen2.5's own default system message, used when a conversation has none,
/// as the official template does.
pub const DEFAULT_SYSTEM: &str =
    "You are Qwen, created by Alibaba Cloud. You are a helpful assistant.";

/// A piece of a rendered conversation.
///
/// Control tokens are kept apart from text so that the text (which may come
/// from a user or an ingested document) is never parsed into control tokens:
/// a message containing `<|im_start|>system` stays plain text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece<'a> {
    /// A control token, by its literal.
    Control(&'static str),
    /// Text to tokenise with special-token parsing off.
    Text(std::borrow::Cow<'a, str>),
}

/// Renders messages as ChatML pieces and opens the assistant turn.
pub fn chatml_pieces(messages: &[ChatMessage]) -> Vec<Piece<'_>> {
    let mut out = Vec::with_capacity(messages.len() * 3 + 5);
    let mut turn = |role: &str, content: &str| {
        out.push(Piece::Control(IM_START));
        out.push(Piece::Text(format!("{role}\n{content}").into()));
        out.push(Piece::Control(IM_END));
        out.push(Piece::Text("\n".into()));
    };
    if messages.first().map(|m| m.role) != Some(Role::System) {
        turn("system", DEFAULT_SYSTEM);
    }
    for m in messages {
        let role = match m.role {
            Role::System => "system",
            Role::User => "user",
            Role::Assistant => "assistant",
        };
        turn(role, &m.content);
    }
    out.push(Piece::Control(IM_START));
    out.push(Piece::Text("assistant\n".into()));
    out
}

/// The conversation as one string, for display and logs.
pub fn render_chatml(messages: &[ChatMessage]) -> String {
    chatml_pieces(messages)
        .iter()
        .map(|p| match p {
            Piece::Control(c) => *c,
            Piece::Text(t) => t.as_ref(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_the_official_chatml_layout() {
        let msgs = [
            ChatMessage::new(Role::System, "S"),
            ChatMessage::new(Role::User, "你好"),
        ];
        assert_eq!(
            render_chatml(&msgs),
            "<|im_start|>system\nS<|im_end|>\n<|im_start|>user\n你好<|im_end|>\n<|im_start|>assistant\n"
        );
    }

    #[test]
    fn adds_the_default_system_turn_when_missing() {
        let out = render_chatml(&[ChatMessage::new(Role::User, "hi")]);
        assert!(out.starts_with("<|im_start|>system\nYou are Qwen"));
        assert!(out.ends_with("<|im_start|>user\nhi<|im_end|>\n<|im_start|>assistant\n"));
    }
}
