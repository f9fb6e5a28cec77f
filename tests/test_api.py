import sitroom

PUBLIC = {
    "SCHEMA_VERSION", "Actor", "Analysis", "BinaryInput", "Claim", "ConfigError", "DataError",
    "Document", "EmptyInput", "Event", "InputError", "InputTooLarge", "Mention", "ModelNotFound",
    "Options", "Pipeline", "Place", "Problem", "Quote", "SentenceSource", "SitroomError", "Span",
    "Stance", "TimeRef", "Tone", "UndecodableInput", "__version__", "analyze", "pipe",
}


def test_api_all_is_exactly_the_public_surface():
    assert set(sitroom.__all__) == PUBLIC
    for name in sitroom.__all__:
        assert getattr(sitroom, name) is not None


def test_api_import_does_not_load_spacy():
    import subprocess
    import sys

    code = "import sys, sitroom; print('spacy' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
