"""HSDS 3.0 mapping: our models to and from Open Referral's Human Services Data Specification."""
