//! The note editor: a panel over the lower part of the reader's text, titled with what the
//! note is on, holding the text area, with its keys along the bottom border and, above them,
//! why the last save failed or the question before leaving unsaved text.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::widgets::{Block, Clear};

use super::Theme;
use super::status::put;
use crate::app::action::Action;
use crate::app::editor::{NoteEditor, Stage};
use crate::app::keymap::{Binding, key_for};
use crate::document::notes::about;
use crate::geometry::reader as layout;
use crate::text::truncate;

pub fn render(
    editor: &NoteEditor,
    keys: &[Binding],
    (marking, measure): (bool, u16),
    theme: &Theme,
    frame: &mut Frame,
) {
    let Some(areas) = layout::areas_at(frame.area(), marking, measure) else {
        return;
    };
    let panel = layout::note_panel(areas.text);
    let on = editor
        .on()
        .map_or_else(|| "the briefing".to_string(), about);
    let room = usize::from(panel.width).saturating_sub(6);
    let title = truncate(&format!(" ✎ note on {on} "), room).into_owned();
    let editing = format!(
        " {} save · {} leave ",
        key_for(keys, Action::SaveNote),
        key_for(keys, Action::Back)
    );
    let keys = match editor.stage {
        Stage::Editing => editing.as_str(),
        Stage::ConfirmLeave => " y leave without saving · any other key: keep editing ",
        Stage::Saving => " saving… ",
    };
    let block = Block::bordered()
        .border_style(theme.note)
        .title(title)
        .title_bottom(truncate(keys, room).into_owned());
    let inner = block.inner(panel);
    frame.render_widget(Clear, panel);
    frame.render_widget(block, panel);
    if inner.height == 0 {
        return;
    }
    let message = match editor.stage {
        Stage::ConfirmLeave => Some("The note is not saved. Leave it?"),
        _ => editor.message.as_deref(),
    };
    let text_rows = inner.height - u16::from(message.is_some() && inner.height > 1);
    frame.render_widget(
        &editor.area,
        Rect {
            height: text_rows,
            ..inner
        },
    );
    if let Some(message) = message.filter(|_| inner.height > 1) {
        let row = Rect::new(inner.x, inner.bottom() - 1, inner.width, 1);
        put(frame.buffer_mut(), row, message, theme.warning);
    }
}
