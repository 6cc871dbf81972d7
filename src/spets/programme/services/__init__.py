"""Business logic of programme follow-up, one module per part."""
