//! Movement and the mouse: which list has the focus, moving, scrolling, clicking.

use crossterm::event::{MouseButton, MouseEvent, MouseEventKind};

use crate::app::*;

impl App {
    // ---------------------------------------------------------------- movement

    /// The list that has the keyboard focus, if any (for filter, sort, move).
    pub fn focused_list(&self) -> Option<&dyn FocusList> {
        match self.stack.last() {
            Some(Screen::Group(g)) if g.raw.is_none() => Some(&g.members),
            Some(_) => None,
            None => match self.tab {
                Tab::Users => Some(&self.users.list),
                Tab::Groups => Some(&self.groups.list),
                Tab::Logs if self.logs.event.is_none() => Some(&self.logs.list),
                Tab::Credentials | Tab::Logs => None,
            },
        }
    }

    pub(in crate::app) fn focused_list_mut(&mut self) -> Option<&mut dyn FocusList> {
        match self.stack.last_mut() {
            Some(Screen::Group(g)) if g.raw.is_none() => Some(&mut g.members),
            Some(_) => None,
            None => match self.tab {
                Tab::Users => Some(&mut self.users.list),
                Tab::Groups => Some(&mut self.groups.list),
                Tab::Logs if self.logs.event.is_none() => Some(&mut self.logs.list),
                Tab::Credentials | Tab::Logs => None,
            },
        }
    }

    /// First screen row and number of rows of whatever scrolls on this screen.
    pub fn focused_rows(&self) -> (u16, usize) {
        match self.stack.last() {
            Some(Screen::Group(g)) if g.raw.is_none() => layout::members_rows(self.layout_height()),
            Some(_) => layout::detail_rows(self.layout_height()),
            // The tenant list sits below its notices: only the rows it actually draws.
            None if self.tab == Tab::Credentials => {
                let list = layout::tenant_list(&self.credentials, self.width, self.layout_height());
                (list.top, list.rows)
            }
            None => layout::table_rows(self.layout_height()),
        }
    }

    pub(in crate::app) fn move_focus(&mut self, delta: isize) -> Vec<Effect> {
        let (_, height) = self.focused_rows();
        match self.stack.last_mut() {
            Some(Screen::User(d)) => {
                if let Some(raw) = &mut d.raw {
                    raw.scroll(delta, height);
                } else {
                    let n = d.lines().len();
                    d.selected = clamp_move(d.selected, delta, n);
                    d.offset = scroll_to(d.selected, d.offset, height, n);
                }
            }
            Some(Screen::Group(g)) => {
                if let Some(raw) = &mut g.raw {
                    raw.scroll(delta, height);
                } else {
                    g.members.move_by(delta, height);
                }
            }
            None => match self.tab {
                Tab::Users => self.users.list.move_by(delta, height),
                Tab::Groups => self.groups.list.move_by(delta, height),
                Tab::Logs => self.logs.list.move_by(delta, height),
                Tab::Credentials => {
                    let c = &mut self.credentials;
                    c.selected = clamp_move(c.selected, delta, c.tenants.len());
                    c.offset = scroll_to(c.selected, c.offset, height, c.tenants.len());
                }
            },
        }
        Vec::new()
    }

    pub(in crate::app) fn keep_selection_visible(&mut self) {
        let (_, height) = self.focused_rows();
        if let Some(list) = self.focused_list_mut() {
            list.scroll_into_view(height);
        }
    }

    // ---------------------------------------------------------------- mouse

    pub(in crate::app) fn on_mouse(&mut self, ev: MouseEvent) -> Reply {
        if !self.mouse || self.modal.is_some() {
            return Reply::Unchanged;
        }
        let (top, rows) = self.focused_rows();
        match ev.kind {
            MouseEventKind::ScrollDown => self.scroll(3, rows).into(),
            MouseEventKind::ScrollUp => self.scroll(-3, rows).into(),
            MouseEventKind::Down(MouseButton::Left) => {
                if ev.row == layout::TABS_ROW {
                    return match layout::tab_at(ev.column) {
                        Some(i) => self.switch_tab(Tab::ALL[i]).into(),
                        None => Reply::done(),
                    };
                }
                // The tenant list has notices above it: its own geometry maps the row.
                if self.stack.is_empty() && self.tab == Tab::Credentials {
                    return self.credentials_click(ev.row);
                }
                // The pane beside the list is no row.
                if ev.row < top || ev.row >= top + rows as u16 || ev.column >= self.list_width() {
                    return Reply::Unchanged;
                }
                let line = (ev.row - top) as usize;
                self.click_line(line, rows).into()
            }
            _ => Reply::Unchanged,
        }
    }

    pub(in crate::app) fn scroll(&mut self, delta: isize, rows: usize) -> Vec<Effect> {
        match self.stack.last_mut() {
            Some(Screen::User(d)) => match &mut d.raw {
                Some(raw) => raw.scroll(delta, rows),
                None => {
                    let n = d.lines().len();
                    d.offset = (d.offset as isize + delta).clamp(0, n.saturating_sub(rows) as isize)
                        as usize;
                    d.selected = d
                        .selected
                        .clamp(d.offset, (d.offset + rows).saturating_sub(1));
                }
            },
            Some(Screen::Group(g)) => match &mut g.raw {
                Some(raw) => raw.scroll(delta, rows),
                None => g.members.scroll_by(delta, rows),
            },
            None => match self.tab {
                Tab::Users => self.users.list.scroll_by(delta, rows),
                Tab::Groups => self.groups.list.scroll_by(delta, rows),
                Tab::Logs => match &mut self.logs.event {
                    Some(view) => view.scroll(delta, rows),
                    None => self.logs.list.scroll_by(delta, rows),
                },
                // A short list: the wheel moves the selection, which scrolls it.
                Tab::Credentials => return self.move_focus(delta),
            },
        }
        Vec::new()
    }

    /// A click on the `line`th visible row selects it; a click on the selected row opens it.
    pub(in crate::app) fn click_line(&mut self, line: usize, rows: usize) -> Vec<Effect> {
        let target;
        let already;
        match self.stack.last_mut() {
            Some(Screen::User(d)) => {
                if d.raw.is_some() {
                    return Vec::new();
                }
                target = d.offset + line;
                if target >= d.lines().len() {
                    return Vec::new();
                }
                already = d.selected == target;
                d.selected = target;
            }
            Some(Screen::Group(g)) => {
                if g.raw.is_some() {
                    return Vec::new();
                }
                target = g.members.offset + line;
                if target >= g.members.visible_len() {
                    return Vec::new();
                }
                already = g.members.selected == target;
                g.members.select(target, rows);
            }
            None => {
                let list: &mut dyn FocusList = match self.tab {
                    Tab::Users => &mut self.users.list,
                    Tab::Groups => &mut self.groups.list,
                    Tab::Logs if self.logs.event.is_none() => &mut self.logs.list,
                    Tab::Logs => return Vec::new(),
                    // Mapped by `credentials_click` (the list does not start at `top`).
                    Tab::Credentials => return Vec::new(),
                };
                target = list.offset() + line;
                if target >= list.visible_len() {
                    return Vec::new();
                }
                already = list.selected() == target;
                list.select(target, rows);
            }
        }
        if already {
            self.open_focused()
        } else {
            Vec::new()
        }
    }
}

fn clamp_move(pos: usize, delta: isize, len: usize) -> usize {
    if len == 0 {
        return 0;
    }
    (pos as isize)
        .saturating_add(delta)
        .clamp(0, len as isize - 1) as usize
}

fn scroll_to(selected: usize, offset: usize, height: usize, len: usize) -> usize {
    let height = height.max(1);
    let mut offset = offset;
    if selected < offset {
        offset = selected;
    } else if selected >= offset + height {
        offset = selected + 1 - height;
    }
    offset.min(len.saturating_sub(height))
}

impl App {
    /// Whether the users table on screen leaves out Email, as the UI does: narrower than
    /// `REPEATED_EMAIL_BELOW` with Email equal to Login on every row shown.
    pub(in crate::app) fn email_left_out(&self) -> bool {
        if self.list_width() >= layout::REPEATED_EMAIL_BELOW {
            return false;
        }
        let (_, rows) = self.focused_rows();
        let list = match (self.stack.last(), self.tab) {
            (Some(Screen::Group(g)), _) if g.raw.is_none() => &g.members,
            (None, Tab::Users) => &self.users.list,
            _ => return false,
        };
        let shown = list.offset..(list.offset + rows).min(list.visible_len());
        let mut on_screen = shown.filter_map(|pos| list.row_at(pos)).peekable();
        on_screen.peek().is_some() && on_screen.all(|r| r.email().eq_ignore_ascii_case(r.login()))
    }
}
