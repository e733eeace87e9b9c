"""Who may see which child (`policy`), what each role may do (`roles`), and the view guard that
applies both to every page and API route and audits each refusal (`guards`)."""
