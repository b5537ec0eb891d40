"""Who claims what: claimants, cues, coreference, and unconfirmed claims."""

from __future__ import annotations

import datetime as dt

from briefing.brief import figures
from briefing.brief.claims import article_claims, attributions
from briefing.core.brief_models import Figure
from briefing.core.models import Article
from briefing.text.sentences import sentences_of
from tests.conftest import SEEDS

SEED_FILE = SEEDS / "000_319e534746f41929.md"


def _seed() -> Article:
    text = SEED_FILE.read_text().split("---", 2)[2].strip()
    return Article(
        id="seed",
        title="t",
        source="Press TV",
        ingested_at=dt.datetime(2020, 2, 24),
        text_hash="x",
        text=text,
        sentences=sentences_of("seed", text),
    )


def _one(sentence: str) -> tuple[str, str]:
    (att,) = attributions(sentence)
    return att.claimant, att.stance


def test_reporting_forms() -> None:
    assert _one("The Britain-based war monitor reported that 80 vehicles entered Idlib.") == (
        "The Britain-based war monitor",
        "reported",
    )
    assert _one('"We will not withdraw," said Angers.') == ("Angers", "said")
    assert (
        _one("Louis Gallois, the Airbus chief executive, said the company expects cuts.")[0]
        == "Louis Gallois"
    )
    assert _one("Syria and Russia have condemned the offensive.") == ("Syria and Russia", "condemned")
    assert _one("The Turkish Defense Ministry has yet to comment on the claims.") == (
        "The Turkish Defense Ministry",
        "no comment",
    )
    assert attributions("The deal was announced on Friday.") == []  # passive: no speaker
    assert attributions("The so-called observatory counted the dead.") == []


def test_speech_act_nouns_have_their_speaker() -> None:
    text = 'Chief executive Thomas Enders said in a statement, "We want to know what happened."'
    said = attributions(text)  # one act, told by a verb and a noun: one attribution over both
    assert [(a.cue, a.claimant, text[a.cue_start : a.cue_end]) for a in said] == [
        ("said", "Chief executive Thomas Enders", "said in a statement"),
    ]
    assert _one("The rally followed the government's announcement that it would buy bad loans.") == (
        "the government",
        "announced",
    )
    assert _one("A statement from the Syrian foreign ministry rejected the accusations.") == (
        "the Syrian foreign ministry",
        "said",
    )
    assert _one("There was no immediate comment from the coalition.") == ("the coalition", "no comment")
    # the government is accused here, not accusing; "in response" is a reaction, not speech
    assert attributions("There were repeated allegations of gas use by the government.") == []
    assert attributions("Apple will give owners a free case in response to mounting criticism.") == []
    assert attributions("Pupils that did not respond to light were seen in three victims.") == []
    assert attributions("Rebel groups maintain a presence in the west of the province.") == []
    revealed = "The coalition struck a vehicle late on Saturday the source revealed."
    assert _one(revealed) == ("the source", "said")


def test_quoted_speaker_and_clause_final_speaker_without_commas() -> None:
    quoted = attributions('"We do not need to buy aircraft," Detik.com quoted Djamal as saying.')
    assert [(a.cue, a.claimant) for a in quoted] == [("quoted", "Detik.com"), ("saying", "Djamal")]
    # FA-KES scrapes lose their commas: the parse then gives "said" the subject "bastion"
    assert _one(
        "Six children were among the dead in Eastern Ghouta the largest rebel bastion near Damascus "
        "the Syrian Observatory for Human Rights said."
    ) == ("the Syrian Observatory for Human Rights", "said")


def test_a_document_speaks_for_its_issuer() -> None:
    text = "The ministry issued a statement saying the attack was fabricated."
    issued = attributions(text)
    assert [(a.cue, a.claimant, text[a.cue_start : a.cue_end]) for a in issued] == [
        ("saying", "The ministry", "statement saying"),
    ]
    assert issued[0].content == "the attack was fabricated"
    reports = attributions(
        "Experts say the deal had been killed by the Pentagon because of reports "
        "stating that it favored Boeing."
    )
    assert ("stating", "reports") in [(a.cue, a.claimant) for a in reports]


def test_said_in_a_statement_is_one_claim() -> None:
    text = 'Hollande said in a statement, "Today the news is awful."'
    article = Article(
        id="a",
        title="t",
        source="s",
        ingested_at=dt.datetime(2017, 4, 4),
        text_hash="x",
        text=text,
        sentences=sentences_of("a", text),
    )
    assert [(c.claimant, c.verb) for c in article_claims(article)] == [("Hollande", "said")]


def test_seed_claims_are_resolved_and_marked_unconfirmed() -> None:
    claims = article_claims(_seed())
    sohr = [c for c in claims if "SOHR" in c.who]
    assert {c.claimant for c in sohr} >= {"The observatory", "The Britain-based war monitor", "The SOHR"}
    first = next(c for c in sohr if c.verb == "made the claim")
    assert first.citations == ["seed:0", "seed:1"] and first.text.startswith(
        "At least 10 Turkish army soldiers"
    )
    assert first.status == "unconfirmed" and "seed:3" in first.caveats
    no_comment = next(c for c in claims if c.stance == "no comment")
    assert no_comment.who == "Turkish Defense Ministry"
    assert any(c.who == "Russia" and c.stance == "warned" for c in claims)


def test_seed_figures() -> None:
    hits = [h for s in _seed().sentences for h in figures.find(s.text)]
    found = {(h.qualifier, h.number, h.unit, h.event) for h in hits}
    assert ("at least", "10", "soldier", "killed or injured") in found
    assert ("over", "20", "person", "killed") in found  # a death toll counts people killed
    assert ("as many as", "2,700", "vehicle", "sent") in found
    assert ("", "7,400", "soldier", "deployed") in found
    assert any(h.text.startswith("a Turkish convoy of 80 vehicles") for h in hits)


def _fig(value: float, qualifier: str, sid: str, claimant: str = "", **what: object) -> Figure:
    return Figure(
        number=str(value),
        value=value,
        qualifier=qualifier,
        counts="people",
        unit="person",
        event="killed",
        text=f"{value} people were killed",
        claimant=claimant,
        citations=[sid],
        **what,  # type: ignore[arg-type]
    )


def test_conflicts_need_two_claimants_with_different_tolls_of_one_incident() -> None:
    article_of = {"a:0": "a", "b:0": "b", "a:1": "a"}
    clash = figures.conflicts("s", [_fig(10, "", "a:0"), _fig(20, "", "b:0")], article_of)
    assert [len(c.figures) for c in clash] == [1 + 1]
    # "at least 58" and "at least 72" are two tolls, a conflict; "at least 58" and "60" agree
    tolls = [_fig(58, "at least", "a:0", "SOHR"), _fig(72, "at least", "b:0", "a monitor")]
    assert len(figures.conflicts("s", tolls, article_of)) == 1
    assert figures.conflicts("s", [_fig(58, "at least", "a:0"), _fig(60, "", "b:0")], article_of) == []
    # one article, two claimants (state media 39, the monitor 130): a conflict
    same_article = [_fig(39, "", "a:0", "SANA"), _fig(130, "at least", "a:1", "SOHR")]
    assert len(figures.conflicts("s", same_article, article_of)) == 1
    # one claimant's two counts are not compared; a whole-war total never clashes with one attack
    assert figures.conflicts("s", [_fig(10, "", "a:0", "X"), _fig(20, "", "a:1", "X")], article_of) == []
    war = _fig(320000, "more than", "b:0", "SOHR", scope="war")
    assert figures.conflicts("s", [_fig(86, "", "a:0", "AFP"), war], article_of) == []
    # different incidents (a gas attack, a shelling) are different quantities
    gas = _fig(72, "", "a:0", "A", incident="chemical attack", places=["Khan Sheikhun"])
    shelling = _fig(19, "", "b:0", "B", incident="shelling", places=["Douma"])
    assert figures.conflicts("s", [gas, shelling], article_of) == []


def test_only_sentences_with_a_reporting_word_are_parsed_and_each_once() -> None:
    from briefing.brief import attribution

    assert not attribution.has_cue("The toll rose to 58, reportedly, an urgent matter of responsibility.")
    assert attribution.has_cue("Damascus denied it.") and attribution.has_cue("according  to the monitor")
    text = "The Syrian Observatory for Human Rights said 58 people were killed."
    attribution.parse_ahead([text, text])
    kept = attribution._MEMO[text]
    assert [(a.claimant, a.cue) for a in kept] == [("The Syrian Observatory for Human Rights", "said")]
    assert attributions(text)[0] is kept[0]  # from the kept parse, not a second one


def test_strikes_on_two_towns_the_same_day_are_two_tolls() -> None:
    from briefing.brief import quantity

    seven = "The monitoring group said airstrikes also killed seven civilians in the town of al-Husainiyah."
    fifteen = "The Observatory said the Boukamal strike killed 15 civilians including women and children."
    assert quantity.places(seven) == ["al-Husainiyah"] and quantity.places(fifteen) == ["Boukamal"]
    assert quantity.places("19 were killed near the Syrian capital on Tuesday") == ["Damascus"]
    day = dt.date(2017, 4, 4)
    strike = {"incident": "air strike", "date": day}
    a = _fig(7, "", "a:0", places=quantity.places(seven), **strike)
    b = _fig(15, "", "b:0", places=quantity.places(fifteen), **strike)
    assert not quantity.same_quantity(a, b)
    c = _fig(12, "", "c:0", places=["Boukamal"], **strike)
    assert quantity.same_quantity(b, c)  # one town, one day, two tolls: a conflict to show
    somewhere = _fig(38, "at least", "d:0", places=[], **strike)
    assert not quantity.same_quantity(b, somewhere)  # a strike of unknown place ties to no town


def test_a_day_after_the_cue_is_not_what_was_claimed() -> None:
    """FA-KES: "... were killed Saturday ..., a monitoring group said Sunday." was the claim
    «Sunday»; what is claimed is the clause before the speaker, and a cue with nothing but a time
    after it claims nothing on its own."""
    (att,) = attributions(
        "At least 126 people were killed Saturday in a suicide car bomb attack on buses "
        "a monitoring group said Sunday."
    )
    assert att.claimant == "a monitoring group"
    assert att.content.startswith("At least 126 people were killed Saturday")
    (late,) = attributions("Rebels shelled the town overnight, the Observatory said late on Monday.")
    assert late.content == "Rebels shelled the town overnight"
    (then,) = attributions("The army said on Tuesday that 40 rebels had surrendered.")
    assert then.content == "40 rebels had surrendered"


def test_common_news_roles_are_claimants() -> None:
    """'the mayor said' is among the commonest reporting clauses; a role missing from the noun
    list left its claim out of the brief and credited the figure to the outlet instead."""
    assert _one("At least 7 people were injured, the mayor said.") == ("the mayor", "said")
    assert _one("Only 40 services ran, the rail operator said.") == ("the rail operator", "said")
    assert _one("The quake had a magnitude of 5.8, seismologists said.") == ("seismologists", "said")
    assert _one("Prosecutors said the two men were charged.") == ("Prosecutors", "said")
    assert _one("The governor warned that roads would stay closed.") == ("The governor", "warned")
    assert attributions("The road said nothing to anyone.") == []  # still not any noun at all


def test_the_claim_is_not_the_and_after_the_cue() -> None:
    """A brief showed 'river authority — said: “and”': the words after the cue were only the
    conjunction opening the writer's next clause; the claim is the clause before the speaker."""
    text = (
        "Floodwater closed three ports on the Danube on Thursday, the river authority said, "
        "and barge traffic was halted between Vienna and Budapest."
    )
    [att] = attributions(text)
    assert (att.claimant, att.content) == (
        "the river authority",
        "Floodwater closed three ports on the Danube on Thursday",
    )


def test_according_to_a_report_by_someone_names_them_and_claims_the_main_clause() -> None:
    """FA-KES, 2016-07-12: the brief showed "New York-based Committee — report: “by to Protect
    Journalists”": the report noun read as its own act, the parse split at "to"."""
    cases = {
        "According to a report by New York-based Committee to Protect Journalists at least 84 "
        "journalists have been killed since the fighting began in 2011.": (
            "New York-based Committee to Protect Journalists",
            "at least 84 journalists have been killed since the fighting began in 2011",
        ),
        "According to a report by Human Rights Watch, at least 84 journalists have been killed.": (
            "Human Rights Watch",
            "at least 84 journalists have been killed",
        ),
        "According to the monitor's report, 40 rebels were killed.": ("the monitor", "40 rebels were killed"),
        "40 rebels were killed, according to a statement by the army.": ("the army", "40 rebels were killed"),
    }
    for sentence, (claimant, content) in cases.items():
        assert [(a.claimant, a.content) for a in attributions(sentence)] == [(claimant, content)], sentence
    (fiat,) = attributions("According to Fiat's announcement, the deal is complete.")
    assert (fiat.claimant, fiat.cue, fiat.stance) == ("Fiat", "announcement", "announced")  # one act
    glued = "According to a report by the Syrian Network for Human Rights published on Wednesday strikes"
    (network,) = attributions(glued + " have killed 649 civilians since September 2014.")  # FA-KES, no comma
    assert network.claimant == "the Syrian Network for Human Rights" and "649 civilians" in network.content
    assert attributions("According to the report, 40 rebels were killed.") == []  # nobody named
