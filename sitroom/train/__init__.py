"""Scripts' library: build the learned artefacts sitroom ships, from the gold data."""
