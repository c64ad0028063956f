//! Progress of long jobs (downloads, embedding, evaluation, training): a bar
//! on a terminal, a line every half minute elsewhere.
//!
//! indicatif draws nothing when stderr is not a terminal. A first
//! `portolan serve` under a service manager, or any job under `nohup`,
//! then embedded for an hour with no sign of life in its log. Off a
//! terminal the same bar is written as a plain line on stderr, at most
//! every [`LINE_EVERY`], so a log shows how far the job is and its estimate
//! of what is left. It lives here because the longest jobs are this
//! crate's (pulling models, embedding); every other crate depends on it.

use std::io::{IsTerminal, Write};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle, TermLike};

/// How often a bar off a terminal writes its line.
pub const LINE_EVERY: Duration = Duration::from_secs(30);

/// A bar of `len` steps drawn with the indicatif `template` (`=> ` bar
/// characters); off a terminal, written as lines (see the module doc).
pub fn bar(len: u64, template: &str) -> ProgressBar {
    let style = ProgressStyle::with_template(template)
        .unwrap_or_else(|_| ProgressStyle::default_bar())
        .progress_chars("=> ");
    let bar = ProgressBar::new(len).with_style(style);
    if !std::io::stderr().is_terminal() {
        bar.set_draw_target(ProgressDrawTarget::term_like(Box::new(Lines::new(
            LINE_EVERY,
            |line| {
                let _ = writeln!(std::io::stderr(), "{line}");
            },
        ))));
    }
    bar
}

/// A terminal for indicatif that collects each redraw and hands it on as
/// one line, at most every `every` (the first redraw at once).
struct Lines {
    every: Duration,
    sink: Box<dyn Fn(&str) + Send + Sync>,
    state: Mutex<LinesState>,
}

#[derive(Default)]
struct LinesState {
    text: String,
    last: Option<Instant>,
}

impl Lines {
    fn new(every: Duration, sink: impl Fn(&str) + Send + Sync + 'static) -> Self {
        Self {
            every,
            sink: Box::new(sink),
            state: Mutex::new(LinesState::default()),
        }
    }

    fn with_state<T>(&self, f: impl FnOnce(&mut LinesState) -> T) -> T {
        // A poisoned lock only means a panic mid-draw: the text is still usable.
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        f(&mut state)
    }
}

impl std::fmt::Debug for Lines {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Lines").field("every", &self.every).finish()
    }
}

impl TermLike for Lines {
    fn width(&self) -> u16 {
        100
    }

    fn move_cursor_up(&self, _: usize) -> std::io::Result<()> {
        Ok(())
    }

    fn move_cursor_down(&self, _: usize) -> std::io::Result<()> {
        Ok(())
    }

    fn move_cursor_right(&self, _: usize) -> std::io::Result<()> {
        Ok(())
    }

    fn move_cursor_left(&self, _: usize) -> std::io::Result<()> {
        Ok(())
    }

    fn write_line(&self, s: &str) -> std::io::Result<()> {
        self.write_str(s)
    }

    fn write_str(&self, s: &str) -> std::io::Result<()> {
        self.with_state(|st| st.text.push_str(s));
        Ok(())
    }

    fn clear_line(&self) -> std::io::Result<()> {
        self.with_state(|st| st.text.clear());
        Ok(())
    }

    fn flush(&self) -> std::io::Result<()> {
        let line = self.with_state(|st| {
            let text = std::mem::take(&mut st.text).trim().to_string();
            let due = st.last.is_none_or(|t| t.elapsed() >= self.every);
            if due && !text.is_empty() {
                st.last = Some(Instant::now());
                Some(text)
            } else {
                None
            }
        });
        if let Some(line) = line {
            (self.sink)(&line);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    fn logged(every: Duration, steps: u64) -> Vec<String> {
        let lines = Arc::new(Mutex::new(Vec::new()));
        let sink = lines.clone();
        let bar = ProgressBar::new(steps)
            .with_style(ProgressStyle::with_template("{msg} {pos}/{len}").unwrap());
        bar.set_draw_target(ProgressDrawTarget::term_like(Box::new(Lines::new(
            every,
            move |l| sink.lock().unwrap().push(l.to_string()),
        ))));
        bar.set_message("embedding");
        for _ in 0..steps {
            bar.inc(1);
        }
        drop(bar);
        let out = lines.lock().unwrap().clone();
        out
    }

    #[test]
    fn off_a_terminal_the_bar_is_a_line_at_most_so_often() {
        let lines = logged(Duration::from_secs(3600), 50);
        assert_eq!(lines.len(), 1, "{lines:?}");
        assert!(lines[0].starts_with("embedding "), "{lines:?}");

        let lines = logged(Duration::ZERO, 3);
        assert!(lines.len() >= 3, "{lines:?}");
        assert_eq!(lines.last().map(String::as_str), Some("embedding 3/3"));
    }
}
