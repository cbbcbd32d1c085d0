"""Document generators: each takes only the model (plus options) and writes one kind of file."""
