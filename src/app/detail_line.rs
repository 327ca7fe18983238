//! One line of the detail screens: the user detail and the sign-in card both build them.

/// One line of the detail screen.
#[derive(Debug, Clone, PartialEq)]
pub enum DetailLine {
    Section(String),
    /// A label and a value; `y` copies the value.
    Field {
        label: String,
        value: String,
    },
    /// The status, coloured by the UI.
    Status {
        api: String,
        label: String,
    },
    /// A group the user belongs to; Enter jumps to it.
    Group {
        id: String,
        name: String,
        kind: String,
    },
    /// Loading / failed / empty notes.
    Note(String),
    Error(String),
}

impl DetailLine {
    /// The value `y` copies from this line.
    pub fn copy_value(&self) -> Option<(&str, &str)> {
        match self {
            DetailLine::Field { label, value } => Some((label, value)),
            DetailLine::Status { api, .. } => Some(("status", api)),
            DetailLine::Group { id, .. } => Some(("group id", id)),
            _ => None,
        }
    }
}
