"""Register pages under /companies/, one module per subject: companies (search, company page, forms),
contacts (with GDPR export and erasure), activities, referrals, offers, imports, merge and exports."""
