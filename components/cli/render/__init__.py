"""What the commands print: verdicts in words, the PR report, annotations, findings and usage
reports, in text, GitHub workflow commands, Markdown or JSON.
"""
