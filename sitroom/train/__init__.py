"""Training scripts for sitroom's small learned components, and the linear model they share.

Each model is trained from the gold data in ../shared/data by a script here and saved as a
small JSON file under sitroom/data/<area>/, so that anyone can rebuild it:

    python -m sitroom.train.causal            # sitroom/data/claims/sentence_model.json
    python -m sitroom.train.tone              # sitroom/data/tone/actor_model.json
    python -m sitroom.train.events_quad       # sitroom/data/events/quad_model.json
    python scripts/train_quotes_model.py      # sitroom/data/quotes/cue_model.json
"""
