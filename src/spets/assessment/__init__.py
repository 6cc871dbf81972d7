"""Transformation assessment. The pure core (no Django): frameworks, scoring, ghg, respondents,
benchmark, recommend, export. See README.md in this folder."""
