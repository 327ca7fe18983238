//! Styles. Only the 16 basic ANSI colours are used (safe on any terminal), and with
//! `NO_COLOR` no colour at all: meaning is then carried by bold, reverse and underline.

use ratatui::style::{Color, Modifier, Style};

use crate::okta::UserStatus;

#[derive(Debug, Clone, Copy)]
pub struct Theme {
    pub color: bool,
}

impl Theme {
    fn fg(self, c: Color) -> Style {
        if self.color {
            Style::default().fg(c)
        } else {
            Style::default()
        }
    }

    pub fn header(self, tenant_color: Option<&str>) -> Style {
        if !self.color {
            return Style::default().add_modifier(Modifier::REVERSED | Modifier::BOLD);
        }
        let bg = tenant_color.and_then(named_color).unwrap_or(Color::Blue);
        let fg = if matches!(
            bg,
            Color::Yellow | Color::White | Color::Gray | Color::Cyan | Color::Green
        ) {
            Color::Black
        } else {
            Color::White
        };
        Style::default().bg(bg).fg(fg).add_modifier(Modifier::BOLD)
    }

    pub fn badge(self) -> Style {
        if self.color {
            Style::default()
                .bg(Color::Yellow)
                .fg(Color::Black)
                .add_modifier(Modifier::BOLD)
        } else {
            Style::default().add_modifier(Modifier::BOLD)
        }
    }

    pub fn tab(self, active: bool) -> Style {
        if active {
            Style::default().add_modifier(Modifier::REVERSED | Modifier::BOLD)
        } else {
            Style::default()
        }
    }

    pub fn mode(self) -> Style {
        self.fg(Color::Cyan).add_modifier(Modifier::BOLD)
    }

    pub fn title(self) -> Style {
        Style::default().add_modifier(Modifier::BOLD | Modifier::UNDERLINED)
    }

    pub fn section(self) -> Style {
        self.fg(Color::Cyan).add_modifier(Modifier::BOLD)
    }

    pub fn label(self) -> Style {
        self.fg(Color::Gray)
    }

    pub fn dim(self) -> Style {
        if self.color {
            Style::default().fg(Color::DarkGray)
        } else {
            Style::default().add_modifier(Modifier::DIM)
        }
    }

    pub fn selected(self) -> Style {
        Style::default().add_modifier(Modifier::REVERSED)
    }

    /// Filter matches inside a cell.
    pub fn mark(self) -> Style {
        if self.color {
            Style::default()
                .fg(Color::Yellow)
                .add_modifier(Modifier::BOLD)
        } else {
            Style::default().add_modifier(Modifier::UNDERLINED | Modifier::BOLD)
        }
    }

    pub fn key(self) -> Style {
        self.fg(Color::Cyan).add_modifier(Modifier::BOLD)
    }

    pub fn info(self) -> Style {
        self.fg(Color::Green)
    }

    pub fn warn(self) -> Style {
        self.fg(Color::Yellow).add_modifier(Modifier::BOLD)
    }

    pub fn error(self) -> Style {
        if self.color {
            Style::default().fg(Color::Red).add_modifier(Modifier::BOLD)
        } else {
            Style::default().add_modifier(Modifier::BOLD | Modifier::REVERSED)
        }
    }

    pub fn border(self) -> Style {
        self.fg(Color::Cyan)
    }

    /// Status colours follow the Okta admin console's sense: green good, yellow needs the
    /// user, red blocked, grey gone.
    pub fn status(self, s: &UserStatus) -> Style {
        if !self.color {
            return match s {
                UserStatus::LockedOut | UserStatus::Suspended => {
                    Style::default().add_modifier(Modifier::BOLD)
                }
                UserStatus::Deprovisioned => Style::default().add_modifier(Modifier::DIM),
                _ => Style::default(),
            };
        }
        match s {
            UserStatus::Active => Style::default().fg(Color::Green),
            UserStatus::Staged | UserStatus::Provisioned => Style::default().fg(Color::Cyan),
            UserStatus::Recovery | UserStatus::PasswordExpired => {
                Style::default().fg(Color::Yellow)
            }
            UserStatus::LockedOut => Style::default().fg(Color::Red).add_modifier(Modifier::BOLD),
            UserStatus::Suspended => Style::default().fg(Color::Magenta),
            UserStatus::Deprovisioned => Style::default().fg(Color::DarkGray),
            UserStatus::Other(_) => Style::default(),
        }
    }
}

fn named_color(name: &str) -> Option<Color> {
    Some(match name.to_ascii_lowercase().as_str() {
        "red" => Color::Red,
        "green" => Color::Green,
        "yellow" => Color::Yellow,
        "blue" => Color::Blue,
        "magenta" | "purple" => Color::Magenta,
        "cyan" => Color::Cyan,
        "gray" | "grey" => Color::Gray,
        "white" => Color::White,
        "black" => Color::Black,
        _ => return None,
    })
}
