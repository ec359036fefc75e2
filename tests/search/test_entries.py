"""What the index is told about a document, however its batch is read."""

import pytest

from readingroom.archive.models import Footnote, Rendition
from readingroom.search.entries import Entities, index_documents


@pytest.fixture
def linked(records):
    """Five documents (a draft among them) sharing people, places, topics and the rest."""
    zhou = records.person(
        "Zhou, Enlai", display_name="Zhou Enlai", other_names=["Chou En-lai", "周恩来"]
    )
    stalin = records.person("Stalin, Joseph", other_names=["Иосиф Сталин"])
    port = records.place("Lüshun", other_names=["Port Arthur"])
    topic = records.topic("Sino-Soviet Relations")
    collection = records.collection("Sino-Soviet Alliance")
    funder = records.funder("Leon Levy Foundation")
    documents = records.documents(5)
    documents[2].status = "draft"
    documents[2].save()
    records.add_to_collection(collection, documents)
    for n, document in enumerate(documents):
        records.link_person(document, zhou)
        if n % 2:
            records.link_person(document, stalin, role="recipient")
        records.link_place(document, port)
        document.topics.add(topic)
        document.funders.add(funder)
        document.original_languages.add(records.language("ru"))
        records.rendition(document, f"Telegram {n} on the harvest", notes={"1": f"Note {n}"})
        records.rendition(document, f"Телеграмма {n}", language="ru")
    machine = Rendition.objects.create(
        document=documents[0],
        kind="transcript",
        language=records.language("en"),
        text="Machine reading nobody checked",
        machine_generated=True,
    )
    Footnote.objects.create(rendition=machine, label="1", text="Unchecked machine note")
    return documents


def as_dicts(documents) -> dict[int, dict]:
    return {d.to_dict()["record_id"][0]: d.to_dict() for d in documents}


def test_a_batch_read_by_range_says_what_each_record_read_alone_says(linked):
    ids = [document.pk for document in linked]

    together = as_dicts(index_documents(ids, entities=Entities()))
    alone = {}
    for record_id in ids:
        alone.update(as_dicts(index_documents([record_id])))

    assert sorted(together) == sorted(alone) == sorted(ids[:2] + ids[3:])  # not the draft
    assert together == alone


def test_sparse_ids_are_read_by_list_and_nothing_else_is_indexed(linked, records):
    between = records.documents(10)  # published, between the IDs asked for
    ids = [linked[0].pk, linked[4].pk, between[-1].pk + 100]

    indexed = as_dicts(index_documents(ids))

    assert sorted(indexed) == [linked[0].pk, linked[4].pk]


def test_names_keywords_and_public_texts_reach_the_index(linked):
    first = as_dicts(index_documents([linked[0].pk, linked[1].pk]))

    zhou_only, both = first[linked[0].pk], first[linked[1].pk]
    assert zhou_only["person_names"] == ["Zhou, Enlai\nZhou Enlai\nChou En-lai\n周恩来"]
    assert sorted(both["person"]) == ["stalin-joseph", "zhou-enlai"]
    assert "Иосиф Сталин" in both["person_names"][0]
    assert zhou_only["place_names"] == ["Lüshun\nPort Arthur"]
    assert zhou_only["topic_names"] == ["Sino-Soviet Relations"]
    assert zhou_only["collection_names"] == ["Sino-Soviet Alliance"]
    assert zhou_only["funder"] == ["leon-levy-foundation"]
    assert zhou_only["language"] == ["ru"]
    assert zhou_only["body"] == ["Telegram 0 on the harvest\n\nNote 0"]
    assert zhou_only["body_ru"] == ["Телеграмма 0"]
    # machine output an editor has not confirmed is not searchable, nor are its notes
    assert "Machine" not in repr(zhou_only)


def test_a_shared_entity_cache_reads_each_person_once(linked, django_assert_max_num_queries):
    entities = Entities()
    index_documents([linked[0].pk, linked[1].pk], entities=entities)
    assert {slug for slug, _ in entities.known["person"].values()} == {
        "zhou-enlai",
        "stalin-joseph",
    }

    # later batches name the same people: no query reads a person again
    with django_assert_max_num_queries(20) as captured:
        later = as_dicts(index_documents([linked[3].pk, linked[4].pk], entities=entities))

    tables = [query["sql"].split(" FROM ")[1].split()[0] for query in captured.captured_queries]
    assert '"archive_person"' not in tables
    assert sorted(later[linked[3].pk]["person"]) == ["stalin-joseph", "zhou-enlai"]


def test_footnote_markers_are_not_words_but_other_brackets_are(records):
    # given a text whose notes are marked [1] and [2], beside the editors' own brackets
    document = records.document("Telegram")
    records.rendition(
        document,
        "the Soviet[1] Union [sic] will not [1947] sign[2].",
        notes={"1": "See the note[2] below.", "2": "Not sent."},
    )
    other = records.rendition(document, "Another text [1] without notes of its own.")

    [indexed] = as_dicts(index_documents([document.pk])).values()

    # then only the rendition's own markers go, in its text and in its notes
    assert indexed["body"] == [
        "the Soviet Union [sic] will not [1947] sign.\n\n"
        "Another text [1] without notes of its own.\n\n"
        "See the note below.\n\nNot sent."
    ]
    assert any("Soviet_Union" in pairs for pairs in indexed["pairs"])
    assert other.footnotes.count() == 0
