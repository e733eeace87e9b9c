"""Who may see which child, what each role may do, and the one guard every view uses."""
