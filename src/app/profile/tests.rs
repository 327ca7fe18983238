//! Tests of the profile form.
