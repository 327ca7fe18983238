//! The `filter` and `search` dialects of users and groups: which attribute takes which operator.

use crate::sandbox::expr::{Dialect, Op};

// ---- expression dialects ----

pub(super) const USER_FILTER: Dialect = Dialect {
    case_insensitive: false,
    check: |attr, op| match attr {
        "status" | "id" | "profile.login" | "profile.email" | "profile.firstName"
        | "profile.lastName"
            if op == Op::Eq =>
        {
            Ok(())
        }
        "lastUpdated" if matches!(op, Op::Eq | Op::Gt | Op::Ge | Op::Lt | Op::Le) => Ok(()),
        _ => Err(format!(
            "filter does not support '{attr}' with this operator"
        )),
    },
};

pub(super) const USER_TOP_LEVEL: &[&str] = &[
    "id",
    "status",
    "created",
    "activated",
    "statusChanged",
    "lastUpdated",
    "lastLogin",
    "passwordChanged",
    "type.id",
];

pub(super) const USER_SEARCH: Dialect = Dialect {
    case_insensitive: true,
    check: |attr, op| {
        let known = USER_TOP_LEVEL.contains(&attr) || attr.starts_with("profile.");
        if !known {
            return Err(format!("'{attr}' is not a searchable property"));
        }
        let co_ok = matches!(
            attr,
            "profile.firstName" | "profile.lastName" | "profile.email" | "profile.login"
        );
        if op == Op::Co && !co_ok {
            return Err(format!("The 'co' operator is not supported for '{attr}'"));
        }
        Ok(())
    },
};

pub(super) const GROUP_FILTER: Dialect = Dialect {
    case_insensitive: false,
    check: |attr, op| match attr {
        "id" | "type" if op == Op::Eq => Ok(()),
        "lastUpdated" | "lastMembershipUpdated"
            if matches!(op, Op::Eq | Op::Gt | Op::Ge | Op::Lt | Op::Le) =>
        {
            Ok(())
        }
        _ => Err(format!(
            "filter does not support '{attr}' with this operator"
        )),
    },
};

pub(super) const GROUP_SEARCH: Dialect = Dialect {
    case_insensitive: true,
    check: |attr, op| {
        let known = matches!(
            attr,
            "id" | "created" | "lastUpdated" | "lastMembershipUpdated" | "type" | "source.id"
        ) || attr.starts_with("profile.");
        if !known {
            return Err(format!("'{attr}' is not a searchable property"));
        }
        if op == Op::Co && !matches!(attr, "profile.name" | "profile.description") {
            return Err(format!("The 'co' operator is not supported for '{attr}'"));
        }
        Ok(())
    },
};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sandbox::expr;

    #[test]
    fn dialects() {
        assert!(expr::parse(r#"profile.city co "x""#, &USER_SEARCH).is_err());
        assert!(expr::parse(r#"profile.email co "x""#, &USER_SEARCH).is_ok());
        assert!(expr::parse(r#"profile.city eq "x""#, &USER_FILTER).is_err());
        assert!(expr::parse(r#"lastUpdated gt "2020-01-01T00:00:00.000Z""#, &USER_FILTER).is_ok());
        assert!(expr::parse(r#"status sw "A""#, &USER_FILTER).is_err());
        assert!(expr::parse(r#"type eq "OKTA_GROUP""#, &GROUP_FILTER).is_ok());
        assert!(expr::parse(r#"profile.name co "x""#, &GROUP_SEARCH).is_ok());
        assert!(expr::parse(r#"profile.dn co "x""#, &GROUP_SEARCH).is_err());
    }
}
