"""One module per command or family of commands: parse its options, run it, return its exit code."""
