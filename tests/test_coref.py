import pytest

pytestmark = pytest.mark.model


def resolved(result, text):
    return [m.actor_id for m in result.mentions if m.span.text == text and m.how == "coref"]


def test_coref_he_after_a_statement_is_the_speaker(pipeline):
    result = pipeline.analyze('"This poses a threat," Putin said according to TASS. '
                              'He added that talks were still possible.')
    assert resolved(result, "He") == ["person:vladimir-putin"]


def test_coref_the_alliance_after_nato(pipeline):
    result = pipeline.analyze("NATO met in Vilnius. The leaders of the alliance agreed on aid.")
    assert resolved(result, "the alliance") == ["igo:NATO"]


def test_coref_description_without_antecedent_stays_unresolved(pipeline):
    result = pipeline.analyze("The leaders of the alliance agreed on aid.")
    assert resolved(result, "the alliance") == []


def test_coref_reflexive_binds_to_nearest(pipeline):
    result = pipeline.analyze("Russia said membership would not increase the security of "
                              "Ukraine itself.")
    assert resolved(result, "itself") == ["state:UKR"]


def test_coref_possessive_prefers_the_topic(seed):
    its = [m.actor_id for m in seed.mentions if m.span.text == "its" and m.how == "coref"
           and m.span.start > 1500]
    assert its and all(a in ("state:RUS", "gov:RUS") for a in its)


def test_coref_seed_he_added_is_putin(seed):
    he = [m for m in seed.mentions if m.span.text == "He" and m.span.start < 200]
    assert [m.actor_id for m in he] == ["person:vladimir-putin"]


def test_coref_first_person_in_a_quote_is_the_speaker(pipeline):
    result = pipeline.analyze('"We will never accept this, and I said so," Putin said.',
                              published="2023-07-13")
    first = {m.span.text: m.actor_id for m in result.mentions if m.how == "coref"}
    assert first == {"We": "gov:RUS", "I": "person:vladimir-putin"}


def test_coref_we_of_a_secretary_general_is_the_organisation(seed):
    we = {m.actor_id for m in seed.mentions if m.span.text == "We"}
    assert we == {"igo:NATO"}
