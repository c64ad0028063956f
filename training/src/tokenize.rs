//! Chat examples to token ids, the way the service prompts the model: the
//! ChatML prompt up to the opened assistant turn is context, the answer
//! and its end-of-turn token are what the loss is taken on.

use portolan_model::{ChatMessage, LanguageModel, Role};

use crate::dataset::ChatExample;
use crate::trainer::TokenExample;
use crate::TrainingError;

fn role(name: &str) -> Result<Role, TrainingError> {
    match name {
        "system" => Ok(Role::System),
        "user" => Ok(Role::User),
        "assistant" => Ok(Role::Assistant),
        other => Err(TrainingError::Data(format!("unknown role {other:?}"))),
    }
}

/// The example's tokens, the answer marked as the target.
pub fn tokenize(
    model: &LanguageModel,
    example: &ChatExample,
) -> Result<TokenExample, TrainingError> {
    let (answer, context) = example
        .messages
        .split_last()
        .filter(|(last, _)| last.role == "assistant")
        .ok_or_else(|| {
            TrainingError::Data("an example must end with the assistant's answer".into())
        })?;
    let messages = context
        .iter()
        .map(|m| Ok(ChatMessage::new(role(&m.role)?, m.content.clone())))
        .collect::<Result<Vec<_>, TrainingError>>()?;
    let prompt = model
        .encode_chat(&messages)
        .map_err(|e| TrainingError::Data(e.to_string()))?;
    let mut reply = model
        .encode(&answer.content)
        .map_err(|e| TrainingError::Data(e.to_string()))?;
    let end = model
        .tokenizer()
        .token_to_id("<|im_end|>")
        .ok_or_else(|| TrainingError::Data("vocabulary lacks <|im_end|>".into()))?;
    reply.push(end);
    let target = prompt
        .iter()
        .map(|_| false)
        .chain(reply.iter().map(|_| true))
        .collect();
    Ok(TokenExample {
        tokens: prompt.into_iter().chain(reply).collect(),
        target,
    })
}
