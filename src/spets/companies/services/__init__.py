"""The register's services, one module per subject: companies, contacts (with GDPR requests), activities,
timeline, offers, referrals, merge, imports. Each function takes ids and plain values and the acting user,
checks permissions, changes data in a transaction and writes an audit entry. Import from the module."""
