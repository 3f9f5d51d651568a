"""Mentions resolve to actors: names, aliases, surnames, dated titles, pronouns, capitals, governments."""
import pytest

from extract import settings
from extract.actors.mentions import find_mentions
from extract.actors.table import load_table
from extract.nlp.parse import load_nlp


def mentions(text, date):
    doc = load_nlp()(text)
    return [(m.text, m.kind, m.actor.name, m.actor.country) for m in find_mentions(doc, load_table(str(settings.data_dir())), date)]


@pytest.mark.parametrize("text, date, expected", [
    ("Sir Keir Starmer spoke.", "2025-03-01", ("Keir Starmer", "United Kingdom", "name")),
    ("Volodymyr Zelenskyy spoke.", "2025-03-01", ("Volodymyr Zelensky", "Ukraine", "name")),
    ("The German chancellor spoke.", "2025-02-18", ("Olaf Scholz", "Germany", "title")),
    ("The German chancellor spoke.", "2025-05-06", ("Friedrich Merz", "Germany", "title")),
    ("Poland's prime minister spoke.", "2025-03-01", ("Donald Tusk", "Poland", "title")),
    ("The Dutch premier spoke.", "2025-03-01", ("Dick Schoof", "Netherlands", "title")),
    ("Britain's defence secretary spoke.", "2025-03-01", ("John Healey", "United Kingdom", "title")),
    ("The Kremlin said no.", "2025-03-01", ("", "Russia", "government")),
    ("Berlin said no.", "2025-03-01", ("", "Germany", "government")),
    ("A Danish government source said no.", "2025-03-01", ("", "Denmark", "government")),
])
def test_first_mention(text, date, expected):
    found = mentions(text, date)
    assert found, text
    _, kind, name, country = found[0]
    assert (name, country, kind) == expected


@pytest.mark.parametrize("text, expected", [
    # a live blog's time stamp is not part of the name the model tags
    ("16:50 - Macron is speaking now at a joint press conference with Zelensky.",
     [("Macron", "surname", "Emmanuel Macron"), ("Zelensky", "surname", "Volodymyr Zelensky")]),
    # a rank with no name after it names nobody; the name after the bracket does
    ("Outside, Lieutenant General (retd) Richard Harlow, a former commander, said the plan was thin.",
     [("Richard Harlow", "unknown", "Richard Harlow")]),
])
def test_names_are_cleaned_of_time_stamps_and_bare_ranks(text, expected):
    assert [(t, k, n) for t, k, n, _ in mentions(text, "2025-09-04") if k != "government"] == expected


def test_former_office_holder_is_not_the_sitting_one():
    assert not [m for m in mentions("The former German chancellor spoke.", "2025-06-01") if m[1] == "title"]


def test_a_place_before_a_comma_is_not_the_titles_country():
    # "Ukraine" is where the troops would go; the prime minister who speaks is not Ukraine's
    found = mentions("We are not ready to send troops to Ukraine, the prime minister said in Paris.", "2025-03-27")
    assert not [m for m in found if m[1] == "title"]
    found = mentions("Warsaw will not send troops. Poland's prime minister said so in Paris.", "2025-03-27")
    assert [m for m in found if m[1] == "title"] == [("Poland's prime minister", "title", "Donald Tusk", "Poland")]


def test_the_press_and_a_question_are_not_people():
    found = mentions("Bloomberg columnist Marc Champion warned of a split. The Spanish daily El País said Pedro "
                     "Sánchez was ready. Will Germany really send troops?", "2025-03-27")
    assert [(t, k) for t, k, _, _ in found if k != "government"] == [("Pedro Sánchez", "name")]


def test_surname_and_pronoun_refer_back():
    found = mentions("Italian Prime Minister Giorgia Meloni arrived. Meloni spoke first. Later she left.", "2025-05-17")
    assert [(t, k, n) for t, k, n, _ in found] == [
        ("Giorgia Meloni", "name", "Giorgia Meloni"), ("Meloni", "surname", "Giorgia Meloni"), ("she", "pronoun", "Giorgia Meloni")]


def test_pronoun_skips_wrong_gender():
    found = mentions("Danish Prime Minister Mette Frederiksen met Olaf Scholz. She spoke first.", "2025-02-18")
    assert found[-1][:3] == ("She", "pronoun", "Mette Frederiksen")


def test_new_leader_is_a_new_line(tmp_path, monkeypatch):
    """A leader added to the actor table is found by title on their dates: data, not code."""
    import shutil
    data = tmp_path / "data"
    shutil.copytree(settings.data_dir(), data)
    with open(data / "actors.csv", "a", encoding="utf-8") as fh:
        fh.write("Ada Example,,f,Freedonia,Prime Minister,2030-01-01,\n")
    with open(data / "places.csv", "a", encoding="utf-8") as fh:
        fh.write("Freedonia,name,Freedonia\nFreedonia,demonym,Freedonian\n")
    load_table.cache_clear()
    table = load_table(str(data))
    doc = load_nlp()("The Freedonian prime minister spoke.")
    [m] = [m for m in find_mentions(doc, table, "2030-02-01") if m.kind == "title"]
    load_table.cache_clear()
    assert (m.actor.name, m.actor.country) == ("Ada Example", "Freedonia")


@pytest.mark.parametrize("label, expected", [
    ("PRIME MINISTER ULF KRISTERSSON", "Ulf Kristersson"),   # title then name, in capitals
    ("ORPO", "Petteri Orpo"),                                # a surname one person has
    ("De Wever", "Bart De Wever"),                           # a two-word surname (an alias)
    ("Mr Tusk", "Donald Tusk"),                              # an honorific
    ("Q", None),
    ("QUESTION (Maija Lehto, Helsinki Evening)", None),      # a reporter, not in the table
    ("Meanwhile Macron", None),                              # words before the name that are no title
    ("Note", None),
])
def test_person_labelled(label, expected):
    from extract.actors.table import person_labelled
    actor = person_labelled(label, load_table(str(settings.data_dir())), "2025-06-10")
    assert (actor.name if actor else None) == expected


def test_an_irish_td_is_a_title_not_part_of_the_name():
    """'independent TD Cathal Berry' (Teachta Dála, a member of the Dáil): the person is Cathal Berry."""
    from extract.actors.table import strip_honorifics
    assert strip_honorifics("TD Cathal Berry") == "Cathal Berry"


def test_opposition_leaders_get_their_country_and_party_role():
    """People who are not in government still speak for a camp: the table gives their country."""
    found = mentions("Marine Le Pen and Alice Weidel spoke. Later, Mr Farage said no.", "2025-06-01")
    assert [(t, k, n, c) for t, k, n, c in found] == [
        ("Marine Le Pen", "name", "Marine Le Pen", "France"), ("Alice Weidel", "name", "Alice Weidel", "Germany"),
        ("Farage", "surname", "Nigel Farage", "United Kingdom")]


@pytest.mark.parametrize("text, expected", [
    # rule titled_surname: the post the table's person holds on the date, and the surname
    ("Defence Secretary Grant Healey spoke.", ("John Healey", "United Kingdom")),
    ("Chancellor Otto Merz spoke.", ("Friedrich Merz", "Germany")),
    # another country's post, or no post: someone else of that name
    ("French Defence Minister Grant Healey spoke.", ("Grant Healey", "France")),
    ("A farmer, Tom Healey, spoke.", ("Tom Healey", "")),
])
def test_a_post_and_a_surname_name_the_office_holder_whatever_the_given_name(text, expected):
    people = [(n, c) for _, k, n, c in mentions(text, "2025-08-14") if k != "government"]
    assert people[0] == expected
