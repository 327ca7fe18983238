//! Search/filter expressions built safely: values are quoted and escaped, never pasted raw.
//!
//! CONTRACT: `UserQuery`, `GroupQuery`, `Expr`.

/// How to list users. At most one of `search`, `filter`, `q` is used (search wins).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UserQuery {
    pub search: Option<String>,
    pub filter: Option<String>,
    pub q: Option<String>,
    /// Page size (default and maximum 200).
    pub limit: Option<u32>,
    pub sort_by: Option<String>,
    pub sort_order: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GroupQuery {
    pub search: Option<String>,
    pub filter: Option<String>,
    pub q: Option<String>,
    pub limit: Option<u32>,
}
