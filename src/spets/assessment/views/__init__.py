"""Assessment pages: `assessments` (logged-in work on assessments), `public` (the company's
self-assessment through a link), `outputs` (dashboard, PDF report, exports); `autosave` answers one
question's form for both the interview and the self-assessment."""
