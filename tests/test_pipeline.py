"""The extraction, phenomenon by phenomenon: (text, date, expected rows) tables that read like a spec.

Every text is written for this file. Expected rows are (leader, country, position);
a government with no named person has leader "".
"""
import csv
import re
from pathlib import Path

import pytest

from extract.evaluate import load_gold, normalise_rows, score
from extract.run.article import extract_article, extract_articles
from extract.text.read import load_manifest
from extract.schema import COLUMNS, Article

HERE = Path(__file__).parent


def rows_for(text, date="2025-06-10", title="Europe debates a Ukraine force", topic=None):
    rows = extract_article(Article("t", text, title=title, published=date), topic=topic)
    return {(r["leader"], r["country"], r["position"]) for r in rows}


CASES = [
    # --- real-news shapes (round 2) ------------------------------------------------------------
    ("surname-tagged-org", "German MP Jens Albrecht spoke about Ukraine on Monday. \u201cA force built only of NATO "
                           "troops carries a real risk of escalation,\u201d Albrecht said.",
     {("Jens Albrecht", "Germany", "oppose")}),
    ("sir-given-name", "Keir Starmer flew to Kyiv. Sir Keir said British troops were ready to go to Ukraine.",
     {("Keir Starmer", "United Kingdom", "support")}),
    ("demand-noun", "Volodymyr Zelensky repeated his demand for a European force in Ukraine.",
     {("Volodymyr Zelensky", "Ukraine", "support")}),
    ("party-to-war", "Viktor Orbán said sending troops to Ukraine would make Hungary a party to the war.",
     {("Viktor Orbán", "Hungary", "oppose")}),
    ("not-planned", "Italian troops in Ukraine are not planned, Italian Prime Minister Giorgia Meloni said.",
     {("Giorgia Meloni", "Italy", "oppose")}),
    # --- negation ---------------------------------------------------------------------------
    ("neg-rule-out", "Spanish Prime Minister Pedro Sánchez said Spain would not rule out sending troops to Ukraine.",
     {("Pedro Sánchez", "Spain", "conditional")}),
    ("neg-will-not-send", "Hungarian Prime Minister Viktor Orbán said Hungary will not send soldiers to Ukraine.",
     {("Viktor Orbán", "Hungary", "oppose")}),
    ("neg-no-plans", "Slovak Prime Minister Robert Fico said his government has no plans to deploy troops in Ukraine.",
     {("Robert Fico", "Slovakia", "oppose")}),
    ("neg-not-opposed", "Danish Prime Minister Mette Frederiksen said she was not opposed to Danish troops joining a force in Ukraine.",
     {("Mette Frederiksen", "Denmark", "conditional")}),
    ("neg-no-troops", "The United States will share intelligence with Kyiv, but there will be no American troops in Ukraine, "
                      "U.S. Defense Secretary Pete Hegseth said.",
     {("Pete Hegseth", "United States", "oppose")}),
    ("neg-said-no-to", "Greek Prime Minister Kyriakos Mitsotakis said no to sending Greek soldiers to Ukraine.",
     {("Kyriakos Mitsotakis", "Greece", "oppose")}),
    ("want", "Ukrainian President Volodymyr Zelensky said he wanted European soldiers in Ukraine after a ceasefire.",
     {("Volodymyr Zelensky", "Ukraine", "support")}, "2025-06-01"),
    ("not-want", "U.S. President Donald Trump said he did not want American troops in Ukraine.",
     {("Donald Trump", "United States", "oppose")}, "2025-06-01"),
    # "Sending …" as the subject is what the speaker judges, not an offer: no rule reads it as
    # support; it warns of a war, which is oppose (ANNOTATION.md), as the learned fallback reads it
    ("csubj-not-an-offer", "Sending Austrian soldiers to Ukraine means dragging a neutral country into a war, "
                           "Austrian Chancellor Christian Stocker said.", {("Christian Stocker", "Austria", "oppose")},
     "2025-06-01"),
    ("csubj-judged", "Sending Austrian soldiers to Ukraine would be a mistake, Austrian Chancellor Christian Stocker said.",
     {("Christian Stocker", "Austria", "oppose")}, "2025-06-01"),
    # --- hedges -----------------------------------------------------------------------------
    ("hedge-possibility", "Finnish Prime Minister Petteri Orpo said a Finnish contingent in Ukraine was a possibility.",
     {("Petteri Orpo", "Finland", "conditional")}),
    ("hedge-could-consider", "Swedish Prime Minister Ulf Kristersson said Sweden could consider contributing troops to a peacekeeping mission in Ukraine.",
     {("Ulf Kristersson", "Sweden", "conditional")}),
    ("hedge-open-to", "Canadian Prime Minister Mark Carney said Canada is open to placing troops in Ukraine.",
     {("Mark Carney", "Canada", "conditional")}),
    # --- conditions ---------------------------------------------------------------------------
    ("cond-only-with", "Dutch Prime Minister Dick Schoof said the Netherlands would send troops to Ukraine only with a US backstop.",
     {("Dick Schoof", "Netherlands", "conditional")}),
    ("cond-without", "A German government spokesman said Berlin would not send soldiers to Ukraine without the full backing of Washington.",
     {("", "Germany", "conditional")}),
    ("cond-premature", "German Chancellor Friedrich Merz said talk of German troops in Ukraine was premature.",
     {("Friedrich Merz", "Germany", "conditional")}),
    ("cond-ceasefire-offer-is-support", "French President Emmanuel Macron said France was ready to deploy troops to Ukraine after a ceasefire.",
     {("Emmanuel Macron", "France", "support")}),
    # --- refusals with alternatives -------------------------------------------------------------
    ("refuse-logistics", "Polish Prime Minister Donald Tusk said Poland would help with logistics but would not send troops to Ukraine.",
     {("Donald Tusk", "Poland", "oppose")}),
    # --- titles, dated roles --------------------------------------------------------------------
    ("title-before-may-2025", "The German chancellor said it was inappropriate to discuss sending troops to Ukraine.",
     {("Olaf Scholz", "Germany", "oppose")}, "2025-02-18"),
    ("title-after-may-2025", "The German chancellor said it was inappropriate to discuss sending troops to Ukraine.",
     {("Friedrich Merz", "Germany", "oppose")}, "2025-06-01"),
    ("title-possessive", "Britain's prime minister said British troops were ready to deploy to Ukraine.",
     {("Keir Starmer", "United Kingdom", "support")}, "2025-03-02"),
    # --- pronouns and surnames -----------------------------------------------------------------
    ("pronoun-next-sentence", "Italian Prime Minister Giorgia Meloni met the press in Rome. She said Italy would never send soldiers to Ukraine.",
     {("Giorgia Meloni", "Italy", "oppose")}),
    ("quote-speaker-after", "“Norwegian soldiers will not be deployed to Ukraine,” Norwegian Prime Minister Jonas Gahr Støre said.",
     {("Jonas Gahr Støre", "Norway", "oppose")}),
    ("surname-later", "Australian Prime Minister Anthony Albanese arrived in London on Sunday. "
                      "Talks covered trade. Later, Albanese said Australia was willing to send troops to Ukraine.",
     {("Anthony Albanese", "Australia", "support")}),
    # --- relayed positions ------------------------------------------------------------------
    ("relay-holder-not-reporter", "Ukrainian President Volodymyr Zelensky said French President Emmanuel Macron had promised to send French troops to Ukraine.",
     {("Emmanuel Macron", "France", "support")}),
    ("relay-government-to-person", "U.S. Defense Secretary Pete Hegseth confirmed that Washington would not deploy troops to Ukraine.",
     {("Pete Hegseth", "United States", "oppose")}),
    # --- governments --------------------------------------------------------------------------
    ("government-capital", "The Kremlin rejected any deployment of European troops to Ukraine.",
     {("", "Russia", "oppose")}),
    ("government-dropped-when-person-agrees", "The Kremlin rejected any deployment of European troops to Ukraine. "
                                             "Kremlin spokesman Dmitry Peskov called the idea of European troops in Ukraine unacceptable.",
     {("Dmitry Peskov", "Russia", "oppose")}),
    # --- passives and possessives -----------------------------------------------------------
    ("passive-agents", "The plan to send European troops to Ukraine, proposed by French President Emmanuel Macron and backed by "
                       "Danish Prime Minister Mette Frederiksen, was rejected by Hungarian Prime Minister Viktor Orbán.",
     {("Emmanuel Macron", "France", "support"), ("Mette Frederiksen", "Denmark", "support"),
      ("Viktor Orbán", "Hungary", "oppose")}),
    ("possessive-proposal", "British Prime Minister Keir Starmer backed French President Emmanuel Macron's proposal to send troops to Ukraine.",
     {("Keir Starmer", "United Kingdom", "support"), ("Emmanuel Macron", "France", "support")}),
    # --- quotes and speech tags ------------------------------------------------------------
    ("quote-said-inverted", "“We will not send troops to Ukraine,” said Hungarian Prime Minister Viktor Orbán.",
     {("Viktor Orbán", "Hungary", "oppose")}),
    ("quote-after-colon", "Hungarian Prime Minister Viktor Orbán said: “Our soldiers will not go to Ukraine.”",
     {("Viktor Orbán", "Hungary", "oppose")}),
    ("quote-no-troops", "“There will be no NATO troops in Ukraine,” Kremlin spokesman Dmitry Peskov told reporters.",
     {("Dmitry Peskov", "Russia", "oppose")}),
    ("tag-after-government", "The Czech government backs the deployment of European troops to Ukraine, Czech Prime Minister Petr Fiala said.",
     {("Petr Fiala", "Czech Republic", "support")}),
    ("relative-clause-holder", "French President Emmanuel Macron, who has championed the idea of European troops in Ukraine, "
                               "said on Monday that a force could be ready within weeks.",
     {("Emmanuel Macron", "France", "support")}),
    ("double-negation-table", "Dutch Prime Minister Dick Schoof said sending Dutch troops to Ukraine was “not off the table”.",
     {("Dick Schoof", "Netherlands", "conditional")}),
    ("if-clause-condition", "U.S. Secretary of State Marco Rubio said the United States would support a European force in Ukraine "
                            "if Russia accepted it.",
     {("Marco Rubio", "United States", "conditional")}),
    ("if-clause-timing-only", "Canadian Prime Minister Mark Carney said Canadian soldiers would join the force in Ukraine "
                              "if a peace deal is reached.",
     {("Mark Carney", "Canada", "support")}),
    ("nominal-demonym", "The French and the British are ready to send troops to Ukraine.",
     {("", "France", "support"), ("", "United Kingdom", "support")}),
    ("spelled-list-before-auxiliary", "Keith Kellogg said the British, the French and the Germans will deploy troops "
                                      "to Ukraine west of the Dnipro.",
     {("", "United Kingdom", "support"), ("", "France", "support"), ("", "Germany", "support")}),
    ("proposed-modal", "French President Emmanuel Macron suggested that a future force could include French soldiers.",
     {("Emmanuel Macron", "France", "support")}),
    ("proposed-modal-with-a-condition", "Macron suggested that troops could be sent to Ukraine only with a US backstop.",
     {("Emmanuel Macron", "France", "conditional")}),
    ("off-target-demonym", "Romanian President Nicusor Dan thanked allied forces currently deployed on Romanian "
                           "territory, in a speech on Ukraine.", set()),
    ("term-measured", "Under a formula proposed by Mark Rutte, 3.5 percent of the target would be earmarked for "
                      "military capabilities, including weapons, training and forces, and aid to Ukraine.", set()),
    ("troops-beside-a-share-of-gdp", "Starmer said Britain would send troops to Ukraine and spend 2.5% of GDP on defence.",
     {("Keir Starmer", "United Kingdom", "support")}),
    ("off-target-clause-on-the-term", "He reiterated Romania's gratitude to allied forces currently deployed on "
                                      "Romanian territory, as the war in Ukraine goes on.", set()),
    ("polled-people-are-not-a-government", "Most Germans oppose sending troops to Ukraine, a poll showed.", set()),
    ("declined-to-comment", "NATO Secretary General Mark Rutte declined to comment on a possible deployment of troops to Ukraine.",
     set()),
    ("office-speaks-for-principal", "Italian Prime Minister Giorgia Meloni did not attend. Her office said Italy would not "
                                    "send soldiers to Ukraine.",
     {("Giorgia Meloni", "Italy", "oppose")}),
    ("question-is-not-a-statement", "U.S. President Donald Trump was asked whether American troops would join a force in Ukraine.",
     set()),
    ("indefinite-spokesman-is-no-office-holder", "Kremlin spokesman Dmitry Peskov spoke on Monday. Polish troops will not "
                                                 "be deployed to Ukraine, a government spokesman in Warsaw said on Tuesday.",
     set()),
    ("not-inconceivable", "Dutch Prime Minister Dick Schoof said it was not inconceivable that Dutch troops would take part "
                          "in a force in Ukraine.",
     {("Dick Schoof", "Netherlands", "conditional")}),
    ("unknown-speaker-takes-country", "Opposition politician Nigel Farage said Britain did not have the troops to send to Ukraine.",
     {("Nigel Farage", "United Kingdom", "oppose")}),
    ("relative-clause-without-relative-pronoun", "Norwegian Prime Minister Jonas Gahr Støre spoke in Oslo about Ukraine. "
                                                 "Promising soldiers Norway did not have was pointless, he told parliament.",
     {("Jonas Gahr Støre", "Norway", "oppose")}),
    # --- only mentioned / off topic -----------------------------------------------------------
    ("mentioned-only", "Polish Prime Minister Donald Tusk met Czech Prime Minister Petr Fiala to discuss energy prices in Ukraine.",
     set()),
    ("other-troops", "Russian troops advanced near Pokrovsk, Ukrainian President Volodymyr Zelensky said.", set()),
    # deploying something that is not troops
    ("deploy-police", "French Interior Minister Bruno Retailleau said 80,000 police officers would be deployed in Ukraine's "
                      "support rallies across France on Saturday.", set(), "2025-09-03"),
    ("deploy-systems", "German Chancellor Friedrich Merz said Germany would deploy two more air defence systems to Ukraine.",
     set(), "2025-09-03"),
    ("deploy-army", "Hungarian Prime Minister Viktor Orbán said he rejected any deployment of the Hungarian army in Ukraine.",
     {("Viktor Orbán", "Hungary", "oppose")}, "2025-09-03"),
    # "X said A, and that B": the second clause is X's too, not lent the first clause's cue
    ("said-a-and-that-b", "Hungarian Prime Minister Viktor Orbán said Europe should support peace talks, and that Hungary "
                          "would never send soldiers to Ukraine.", {("Viktor Orbán", "Hungary", "oppose")}, "2025-03-06"),
    # "force" in idioms is not a force
    ("use-of-force", "Russian Foreign Minister Sergei Lavrov said Moscow had agreed with Kyiv to eliminate the use of "
                     "force against commercial ships.", set(), "2025-03-26"),
    ("by-force", "Polish Prime Minister Donald Tusk said Poland would never accept Ukrainian land being taken by force.",
     set(), "2025-03-26"),
    ("in-the-force", "Canadian Prime Minister Mark Carney said Canada would play its part in the force for Ukraine.",
     {("Mark Carney", "Canada", "support")}, "2025-03-26"),
    # a topic term naming a meeting: who joined or chaired it is an attendee, not a holder
    ("meeting-attendee", "Italian Prime Minister Giorgia Meloni joined a video call of the coalition of the willing on Thursday.",
     set(), "2025-06-01"),
    ("meeting-took-part", "Dutch Prime Minister Dick Schoof took part in a meeting of the coalition of the willing in Paris.",
     set(), "2025-06-01"),
    ("meeting-then-position", "Italian Prime Minister Giorgia Meloni joined a meeting of the coalition of the willing "
                              "but said Italy would not send its own soldiers to Ukraine.",
     {("Giorgia Meloni", "Italy", "oppose")}, "2025-06-01"),
    ("other-deployment", "German Defence Minister Boris Pistorius said Germany would deploy a brigade to Lithuania.", set()),
    # the founder of a topic initiative backs it; a country "led by" its premier is no founder
    ("founder-opening-participle", "Proposed by Belgium and Denmark last spring, the mission would keep peacekeepers "
                                   "in Ukraine after a truce.", {("", "Belgium", "support"), ("", "Denmark", "support")}),
    # rule anaphor: "such a move" points back (the parser makes "such" a predeterminer)
    ("anaphor-such-a", "Keir Starmer said Britain was ready to send troops to Ukraine. Poland, however, opposes such "
                       "a move.", {("Keir Starmer", "United Kingdom", "support"), ("", "Poland", "oppose")}),
    ("founder-not-of-a-country", "Spain, led by Pedro Sánchez, is still weighing a role in Ukraine's security.", set()),
    # rule pending_decision: a decision put off is open, not refused; a verdict beside it refuses
    ("pending-no-decision-yet", "Sweden has taken no decision yet on sending troops to Ukraine, Swedish Prime Minister "
                                "Ulf Kristersson said.", {("Ulf Kristersson", "Sweden", "conditional")}),
    ("pending-dismissed-as-premature", "Czech Prime Minister Petr Fiala dismissed the idea of Czech troops in Ukraine "
                                       "as premature.", {("Petr Fiala", "Czech Republic", "conditional")}),
    ("pending-not-yet-committed", "Spanish Prime Minister Pedro Sánchez backed the planning for a force in Ukraine but "
                                  "has not committed Spanish soldiers yet.", {("Pedro Sánchez", "Spain", "conditional")}),
    ("pending-yet-conjunction", "Polish Prime Minister Donald Tusk said Poland would not send soldiers to Ukraine, yet "
                                "it backs the force.", {("Donald Tusk", "Poland", "oppose")}),
    ("pending-with-verdict", "Hungarian Prime Minister Viktor Orbán said sending troops to Ukraine was premature and "
                             "dangerous.", {("Viktor Orbán", "Hungary", "oppose")}),
    # rule legislature_say: a vote the deployment waits for
    ("legislature-say", "Danish Prime Minister Mette Frederiksen said any deployment of Danish soldiers to Ukraine "
                        "would be put to the Folketing for approval.", {("Mette Frederiksen", "Denmark", "conditional")}),
    ("legislature-say-is-not-the-verb", "Keir Starmer is expected to say in the Commons that British troops are ready "
                                        "to deploy to Ukraine.", {("Keir Starmer", "United Kingdom", "support")}),
    ("legislature-vote-already-held", "The Storting approved sending Norwegian troops to Ukraine last week, Norwegian "
                                      "Prime Minister Jonas Gahr Støre said.", {("Jonas Gahr Støre", "Norway", "support")}),
    ("legislature-vote-against", "Reform UK leader Nigel Farage said his MPs would vote against sending British troops "
                                 "to Ukraine.", {("Nigel Farage", "United Kingdom", "oppose")}),
    # rule rejected_clause: a rejecting word above a finite clause refuses it
    ("rejected-clause-denied", "Italian Prime Minister Giorgia Meloni denied that Italian soldiers would be deployed "
                               "to Ukraine.", {("Giorgia Meloni", "Italy", "oppose")}),
    ("rejected-clause-denied-by-a-capital", "The Kremlin denied that European troops would be stationed in Ukraine.",
     {("", "Russia", "oppose")}),
    ("opposed-adjective", "The Kremlin remains opposed to European troops being stationed in Ukraine.",
     {("", "Russia", "oppose")}),
    # rule next_sentence_list: the next sentence lists the group's members
    ("next-sentence-these-include", "Several European allies have refused to send soldiers to Ukraine. These include "
                                    "Portugal and Greece.", {("", "Portugal", "oppose"), ("", "Greece", "oppose")}),
    ("next-sentence-another-subject", "Several European allies have refused to send soldiers to Ukraine. The "
                                      "coalition of the willing includes France and Britain.", set()),
    ("next-sentence-another-group", "Several European allies have refused to send soldiers to Ukraine. Those willing "
                                    "to go include France and Britain.", set()),
    ("next-sentence-not-a-list", "Several European allies have refused to send soldiers to Ukraine. They were in Paris "
                                 "with Germany on Monday.", set()),
    ("next-sentence-names-a-person", "Several European allies have refused to send soldiers to Ukraine. These include "
                                     "Portugal, said Prime Minister Luís Montenegro.", set()),
    # rule outside_expert: an academic or analyst outside the table holds no position
    ("outside-expert-professor", "Professor Anna Berg of the Nordic Defence Institute suggested that a force of 40,000 "
                                 "troops would send a strong message to Moscow.", set()),
    ("outside-expert-not-an-mp", "Latvian MP Rihards Kols said Latvia was ready to send soldiers to Ukraine.",
     {("Rihards Kols", "Latvia", "support")}),
    # rule whether_open: a "whether" the holder leaves open; a question about whether only frames the answer
    ("whether-refused-to-say", "Irish Taoiseach Micheál Martin would not say whether Ireland would send troops to Ukraine.",
     {("Micheál Martin", "Ireland", "conditional")}),
    ("whether-question-frames-answer", "Asked whether Britain would send troops to Ukraine, Keir Starmer said British "
                                       "troops were ready to go.", {("Keir Starmer", "United Kingdom", "support")}),
    # rule no_objection: a negated objection is openness
    ("no-objection-beside-a-refusal", "Hungarian Prime Minister Viktor Orbán said he had no problem with Ukraine "
                                      "joining the EU but would never send troops to Ukraine.",
     {("Viktor Orbán", "Hungary", "oppose")}),
    ("no-objection-problem", "Dutch Prime Minister Dick Schoof said the Netherlands had no problem with sending "
                             "troops to Ukraine.", {("Dick Schoof", "Netherlands", "conditional")}),
    # rule founder_agent with the words of tabling a plan (rules/founding_verbs.txt)
    ("founder-unveiled-by", "The plan to send a reassurance force to Ukraine, unveiled by Keir Starmer in March, has "
                            "drawn twenty countries.", {("Keir Starmer", "United Kingdom", "support")}),
    # rule avoided_front: avoiding the front line says where troops go, not whether
    ("opposing-frontline-deployment", "Viktor Orbán opposes frontline deployment of European troops in Ukraine.",
     {("Viktor Orbán", "Hungary", "oppose")}),
    ("avoided-front-not-a-refusal", "British Defence Secretary John Healey said British troops would avoid frontline "
                                    "combat.", {("John Healey", "United Kingdom", "support")}),
    # rule swallowed_subject: the list the model hangs on the opening phrase's noun is the subject
    ("swallowed-list-after-background", "Against this background, Poland, Italy, and Japan have already ruled out "
                                        "sending their soldiers to Ukraine.",
     {("", "Poland", "oppose"), ("", "Italy", "oppose"), ("", "Japan", "oppose")}),
    ("opening-phrase-with-own-subject", "In Paris, Macron said France would send troops to Ukraine.",
     {("Emmanuel Macron", "France", "support")}),
    # rule danger_warning: what a deployment is warned to bring is held against it; denied, it defends it
    ("danger-world-war", "Sergei Shoigu said the introduction of peacekeeping forces into Ukraine could lead to World "
                         "War III.", {("Sergei Shoigu", "Russia", "oppose")}),
    ("danger-denied", "Macron said sending European troops to Ukraine would not lead to a war with Russia.",
     {("Emmanuel Macron", "France", "support")}),
    ("no-danger-named", "Starmer said a European force in Ukraine would bring stability.",
     {("Keir Starmer", "United Kingdom", "support")}),
    ("an-end-to-the-war-is-no-danger", "Estonian Prime Minister Kristen Michal said sending troops to Ukraine would "
                                       "lead to a lasting end of the conflict.", {("Kristen Michal", "Estonia", "support")}),
    ("danger-of-no-troops", "Ukrainian President Volodymyr Zelensky said a ceasefire without Western troops would lead "
                            "to another war.", {("Volodymyr Zelensky", "Ukraine", "support")}),
    ("two-lists-in-an-opening-phrase", "Unlike Germany, Italy, and Spain, Sweden and Finland have offered troops for "
                                       "Ukraine.", set()),
    # rule hyphen_founder: the governments before 'X-led' / 'X and Y-backed' lead or back the force
    ("hyphen-backed-force", "Albanese would consider joining a UK and France-backed security force for Ukraine.",
     {("", "United Kingdom", "support"), ("", "France", "support")}),
    ("hyphen-backed-not-a-force", "The US-backed ceasefire plan for Ukraine was rejected by Moscow, while troops "
                                  "massed nearby.", set()),
    # rule one_country_title: a post only one country has names its sitting holder (rules/one_country_titles.txt)
    ("bare-defence-secretary", "The Defence Secretary said British troops could be deployed to Ukraine.",
     {("John Healey", "United Kingdom", "support")}),
    ("bare-finance-minister", "The Finance Minister said troops could be deployed to Ukraine.", set()),
    # rule object_possessive: 'his' in 'criticised X over his support' is X's
    ("criticised-over-his-support", "Italian Deputy Prime Minister Matteo Salvini criticized the French president "
                                    "over his support for the idea of sending troops to Ukraine.",
     {("Matteo Salvini", "Italy", "oppose"), ("Emmanuel Macron", "France", "support")}),
    # rule noun_surname: a lone surname the model tags as a common noun, known to the table
    ("surname-tagged-noun", "Starmer said Britain would send troops to Ukraine.",
     {("Keir Starmer", "United Kingdom", "support")}),
    ("capitalised-noun-not-a-surname", "Officials said Britain would send troops to Ukraine.",
     {("", "United Kingdom", "support")}),
    # rule second_condition: a condition beside the time is the speaker's own
    ("time-and-a-second-condition", "Turkey is ready to send its troops to Ukraine only if a ceasefire is established "
                                    "and the mission of each country is clearly defined.", {("", "Turkey", "conditional")}),
    ("time-alone", "Turkey is ready to send its troops to Ukraine only if a ceasefire is established.",
     {("", "Turkey", "support")}),
    ("two-times", "Lithuania would send troops to Ukraine only if peace is ensured and the ceasefire holds.",
     {("", "Lithuania", "support")}),
    # 'it is quite possible' is openness (phrases_conditional); 'as soon as possible' is not
    ("quite-possible", "\"We will join the talks, and of course it is quite possible,\" Swedish Prime Minister Ulf "
                       "Kristersson said of sending troops to Ukraine.", {("Ulf Kristersson", "Sweden", "conditional")}),
    ("as-soon-as-possible", "Starmer said Britain would send troops to Ukraine as soon as possible.",
     {("Keir Starmer", "United Kingdom", "support")}),
    # rule proposed_relay: a modal offer a leader proposes for his own country is a proposal
    ("suggested-his-country-could", "German chancellor Friedrich Merz also suggested his country could soon sign up "
                                    "to sending troops to Ukraine.", {("Friedrich Merz", "Germany", "support")}),
    ("said-his-country-could", "German chancellor Friedrich Merz said his country could soon sign up to sending "
                               "troops to Ukraine.", {("Friedrich Merz", "Germany", "conditional")}),
    # rule commitment_open: not committing is no refusal; 'no concrete plans' is a decision put off
    ("without-committing", "Germany has declared its readiness to join in ensuring a possible ceasefire in Ukraine, "
                           "but without committing to sending its troops to Ukraine.", {("", "Germany", "conditional")}),
    ("without-sending", "Italy may send mine-clearing experts to Ukraine without sending combat troops.",
     {("", "Italy", "oppose")}),
    ("no-concrete-plans", "Danish Defence Minister Troels Lund Poulsen said no concrete plans to send troops to Ukraine "
                          "have been made.", {("Troels Lund Poulsen", "Denmark", "conditional")}),
    ("no-plans", "Italy has no plans to send troops to Ukraine, Meloni said.", {("Giorgia Meloni", "Italy", "oppose")}),
    # review negatives for round 10's rules
    ("reassured-over-his-own-refusal", "Pedro Sánchez reassured Volodymyr Zelensky over his refusal to send Spanish "
                                       "troops to Ukraine.", {("Pedro Sánchez", "Spain", "oppose")}),
    ("between-washington-and-france-backed", "Italy is caught between Washington and France-backed plans for a "
                                             "security force for Ukraine.", {("", "France", "support")}),
    ("surname-as-a-modifier", "Nigel Farage spoke at a rally in Kent. Farage voters oppose sending British troops to "
                              "Ukraine, a poll found.", set()),
    ("bare-title-after-another-holder", "US Defense Secretary Pete Hegseth met European ministers in Brussels on "
                                        "Thursday. The defence secretary said American troops would not be part of "
                                        "any force in Ukraine.", {("Pete Hegseth", "United States", "oppose")}),
    # (not Healey by one_country_title; since round 11 the one person named with such a post: title_one_candidate)
    ("time-and-another-time", "Starmer said Britain would send troops to Ukraine only if a ceasefire is agreed and "
                              "the guns fall silent.", {("Keir Starmer", "United Kingdom", "support")}),
    ("under-a-number-of-conditions", "Luxembourg could contribute troops to a force in Ukraine under a number of "
                                     "conditions, Backes said.", {("Yuriko Backes", "Luxembourg", "conditional")}),
    ("cabinet-to-discuss-whether", "Dutch Prime Minister Dick Schoof said the cabinet would discuss whether Dutch "
                                   "troops could join a force in Ukraine.", set()),
    # an embassy speaks for its government (rules/government_nouns.txt)
    ("embassy-speaks", "The Russian embassy said Western troops in Ukraine were unacceptable.",
     {("", "Russia", "oppose")}),
    # whether_open: meeting to discuss whether is talk, no position (ANNOTATION: not statements)
    ("met-to-discuss-whether", "Macron and Starmer met in Paris to discuss whether to send troops to Ukraine.", set()),
    ("cannot-say-whether", "Canadian Prime Minister Mark Carney cannot yet say whether Canada will send troops to "
                           "Ukraine.", {("Mark Carney", "Canada", "conditional")}),
    # round 11: negated_belief (rules/belief_verbs.txt), nor_conjunct, trailing_aside (rules/aside_nouns.txt)
    ("i-dont-think-we-should", "Tusk said: \"I don't think Poland should send its soldiers to Ukraine.\"",
     {("Donald Tusk", "Poland", "oppose")}),
    ("did-not-believe-would-send", "Kristersson said he did not believe Sweden would send troops to Ukraine.",
     {("Ulf Kristersson", "Sweden", "oppose")}),
    ("believed-would-send", "Kristersson said he believed Sweden would send troops to Ukraine.",
     {("Ulf Kristersson", "Sweden", "support")}),
    ("did-not-know-whether", "Kristersson said he did not know whether Sweden would send troops to Ukraine.",
     {("Ulf Kristersson", "Sweden", "conditional")}),
    ("nor-will-it-send", "Fico said Slovakia will not join the coalition, nor will it send soldiers to Ukraine.",
     {("Robert Fico", "Slovakia", "oppose")}),
    ("aside-a-move-welcomed", "Macron floated sending European troops to Ukraine, a move Keir Starmer welcomed.",
     {("Emmanuel Macron", "France", "support"), ("Keir Starmer", "United Kingdom", "support")}),
    ("aside-after-a-dash", "Macron and Starmer are willing to deploy peacekeepers to Ukraine - a proposal that Russia "
                           "has strongly opposed.", {("Emmanuel Macron", "France", "support"),
                                                     ("Keir Starmer", "United Kingdom", "support"), ("", "Russia", "oppose")}),
    ("relative-that-is-no-anaphor", "Macron spoke of sending troops to Ukraine. Kyiv would rather have the NATO "
                                    "membership that Ukraine was promised.", {("Emmanuel Macron", "France", "support")}),
    ("the-foreign-minister-after-one", "Italian Foreign Minister Antonio Tajani spoke in Rome. “Italy will not send "
                                       "soldiers to Ukraine,” said the foreign minister.",
     {("Antonio Tajani", "Italy", "oppose")}),
    ("the-foreign-minister-after-two", "Italian Foreign Minister Antonio Tajani met British Foreign Secretary David Lammy "
                                       "in Rome. “Italy will not send soldiers to Ukraine,” said the foreign minister.",
     {("", "Italy", "oppose")}),
    ("denied-a-veto", "UK Foreign Secretary David Lammy said Vladimir Putin would not have a veto over the deployment "
                      "of European troops in Ukraine.", {("David Lammy", "United Kingdom", "support")}),
    ("a-veto-not-denied", "Russia can veto any UN peacekeeping mission for Ukraine, Lammy said.",
     {("", "Russia", "oppose")}),
    ("participated-in-a-summit", "European leaders met in Paris to discuss a force for Ukraine. The United States "
                                 "did not participate in this summit.", set()),
    ("participates-in-the-mission", "Italy will participate in the peacekeeping mission in Ukraine.",
     {("", "Italy", "support")}),
    # review negatives (round 11)
    ("dont-think-anyone-surprised", "\"I don't think anyone should be surprised that Sweden will send troops to "
                                    "Ukraine,\" Swedish Prime Minister Ulf Kristersson said.",
     {("Ulf Kristersson", "Sweden", "support")}),
    ("did-not-think-needed-permission", "Estonian Prime Minister Kristen Michal said he did not think Estonia needed "
                                        "anyone's permission to send troops to Ukraine.",
     {("Kristen Michal", "Estonia", "support")}),
    ("did-not-think-unless", "Polish Prime Minister Donald Tusk said he did not think Poland should send troops to "
                             "Ukraine unless the United States backed the mission.",
     {("Donald Tusk", "Poland", "conditional")}),
    ("neither-the-means-nor-the-will", "Hungary has neither the means nor the will to send troops to Ukraine, "
                                       "Hungarian Prime Minister Viktor Orban said.", {("Viktor Orbán", "Hungary", "oppose")}),
    ("aside-on-another-conjunct", "Italian Prime Minister Giorgia Meloni ruled out sending troops to Ukraine and pushed "
                                  "for new sanctions on Russia, a move Viktor Orban opposes.",
     {("Giorgia Meloni", "Italy", "oppose")}),
    ("aside-criticising-a-refusal", "German Chancellor Friedrich Merz ruled out sending German troops to Ukraine, a step "
                                    "French President Emmanuel Macron criticised.",
     {("Friedrich Merz", "Germany", "oppose"), ("Emmanuel Macron", "France", "support")}),
    ("such-as-points-forward", "French President Emmanuel Macron proposed sending European troops to Ukraine. German "
                               "Chancellor Friedrich Merz said Germany had rejected such initiatives as joint debt in "
                               "the past.", {("Emmanuel Macron", "France", "support")}),
    ("the-foreign-minister-after-a-former-one", "Former Italian Foreign Minister Luigi Di Maio spoke in Rome on Monday. "
                                                "\"Italy will not send soldiers to Ukraine,\" said the foreign minister.",
     {("", "Italy", "oppose")}),
    # round 12: a country's modal offer is an offer; the modal without a country stays open
    ("a-country-could-send", "Belgian Prime Minister Bart De Wever said Belgium could send troops to Ukraine.",
     {("Bart De Wever", "Belgium", "support")}),
    ("troops-could-be-sent", "Danish Prime Minister Mette Frederiksen said troops could be sent to Ukraine.",
     {("Mette Frederiksen", "Denmark", "conditional")}),
    ("a-country-could-not-send", "Italian Prime Minister Giorgia Meloni said Italy could not send troops to Ukraine.",
     {("Giorgia Meloni", "Italy", "oppose")}),
    ("not-just-an-idea", "Swedish Prime Minister Ulf Kristersson said the force isn’t just an idea, Sweden is ready "
                         "to send soldiers to Ukraine.", {("Ulf Kristersson", "Sweden", "support")}),
    ("announced-plans", "France and Britain have announced plans to deploy a brigade to Ukraine once the war ends.",
     {("", "France", "support"), ("", "United Kingdom", "support")}),
    ("coalition-led-by", "The coalition, led by Britain and France, plans to send troops to Ukraine after a ceasefire.",
     {("", "United Kingdom", "support"), ("", "France", "support")}),
    ("along-with", "Belgium, along with Great Britain and France, aims to send troops to Ukraine after a ceasefire.",
     {("", "Belgium", "support"), ("", "United Kingdom", "support"), ("", "France", "support")}),
    ("along-with-after-the-verb", "Belgium is ready to send troops to Ukraine along with the Netherlands.",
     {("", "Belgium", "support")}),
    # review negatives (round 11, second batch)
    ("participate-in-a-force-agreed-in-a-call", "Lithuanian President Gitanas Nauseda said Lithuania would participate "
                                                "in the reassurance force for Ukraine, which was agreed in a call on "
                                                "Monday.", {("Gitanas Nausėda", "Lithuania", "support")}),
    ("participate-in-talks-on-a-force", "Spanish Prime Minister Pedro Sanchez said Spain would participate in talks on "
                                        "a peacekeeping force for Ukraine.", set()),
    ("a-spokesman-for-putin", "Dmitry Peskov briefed reporters on Monday. A spokesman for Putin said he saw no place "
                              "for European troops in Ukraine.", {("Dmitry Peskov", "Russia", "oppose")}),
    ("rejected-claims-of-no-veto", "Russian Foreign Minister Sergei Lavrov rejected claims that Russia has no veto over "
                                   "the deployment of Western troops in Ukraine.", {("Sergei Lavrov", "Russia", "oppose")}),
    ("no-veto-over-a-refusal", "Slovak Prime Minister Robert Fico said Brussels had no veto over Slovakia's decision "
                               "not to send troops to Ukraine.", {("Robert Fico", "Slovakia", "oppose")}),
    ("will-not-give-a-veto", "Britain will not give Putin a veto over the deployment of European troops to Ukraine.",
     {("", "United Kingdom", "support")}),
    ("frame-on-another-conjunct", "Finnish President Alexander Stubb said it was not inconceivable that Russia would "
                                  "test NATO, and that Finland would send troops to Ukraine.",
     {("Alexander Stubb", "Finland", "support")}),
    ("aside-without-a-holder", "Macron floated sending European troops to Ukraine, an idea that has divided the "
                               "allies.", {("Emmanuel Macron", "France", "support")}),
    # verdict words: 'premature and unnecessary' judges the idea (rules/verdict_words.txt)
    ("premature-and-unnecessary", "Chancellor Olaf Scholz called the suggestion of peacekeeping troops for Ukraine "
                                  "premature and unnecessary.", {("Olaf Scholz", "Germany", "oppose")}),
    # --- round 13: what round 12 noticed and did not fix ---------------------------------------
    # if_clause: a condition hung on the reporting verb bounds what it reports; a time does not
    ("if-on-the-report", "Norway could send troops to Ukraine, Prime Minister Jonas Gahr Støre said, if the US "
                         "provides a backstop.", {("Jonas Gahr Støre", "Norway", "conditional")}),
    ("when-on-the-report", "Norway will send troops to Ukraine, Prime Minister Jonas Gahr Støre said, if and when a "
                           "peace deal is signed.", {("Jonas Gahr Støre", "Norway", "support")}),
    # outer_holder: declining to confirm a report says nothing; the refusal after it is hers
    ("declined-to-confirm-a-report", "Italian Prime Minister Giorgia Meloni declined to confirm reports that Italy "
                                     "would send troops to Ukraine, insisting that Italy would not send soldiers.",
     {("Giorgia Meloni", "Italy", "oppose")}),
    # not_only: "not just … but also" with a verb adds the second action to the first
    ("not-just-but-also", "French President Emmanuel Macron said France will not just send troops to Ukraine but "
                          "also lead the force.", {("Emmanuel Macron", "France", "support")}),
    # co_subject: the ones set beside the subject may come before it too; what is not a holder adds no one
    ("fronted-co-subject", "Together with Latvia and Lithuania, Estonia is ready to send troops to Ukraine.",
     {("", "Estonia", "support"), ("", "Latvia", "support"), ("", "Lithuania", "support")}),
    ("fronted-co-object", "Along with its planes, Britain will send troops to Ukraine.", {("", "United Kingdom", "support")}),
    # support_phrase: a backing phrase where no word on the path took a side; negated, a refusal
    ("support-phrase", "Greek Prime Minister Kyriakos Mitsotakis said Greece is fully behind a reassurance force for "
                       "Ukraine.", {("Kyriakos Mitsotakis", "Greece", "support")}),
    # content_modal: what a plan may contain hedges no holder; a holder's own modal still does
    ("plan-could-include", "According to French President Emmanuel Macron, these guarantees could include troops "
                           "on the ground in Ukraine.", {("Emmanuel Macron", "France", "support")}),
    ("holder-could-consider", "Swedish Prime Minister Ulf Kristersson said Sweden could consider a plan to send "
                              "troops to Ukraine.", {("Ulf Kristersson", "Sweden", "conditional")}),
    # legislature_say: a vote the speaker says parliament must have, in a clause beside the backing, is a condition
    ("but-parliament-must-vote", "Liberal Democrat leader Ed Davey said his party backed the UK sending troops to "
                                 "Ukraine, but parliament must have a vote.", {("Ed Davey", "United Kingdom", "conditional")}),
    ("and-parliament-voted", "Liberal Democrat leader Ed Davey said his party backed the UK sending troops to Ukraine, "
                             "and parliament voted on the budget.", {("Ed Davey", "United Kingdom", "support")}),
    ("support-phrase-negated", "Greek Prime Minister Kyriakos Mitsotakis said Greece is not fully behind a reassurance "
                               "force for Ukraine.", {("Kyriakos Mitsotakis", "Greece", "oppose")}),
]


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_phenomenon(case):
    name, text, expected, *date = case
    assert rows_for(text, *date) == expected


def test_interview_answers_belong_to_the_interviewee():
    text = ("We spoke to the minister in Warsaw.\n\nWill Poland send soldiers?\n\n"
            "\"Poland will not send troops to Ukraine. We will be the logistics hub.\"")
    rows = extract_article(Article("i", text, title="Interview with Wladyslaw Kosiniak-Kamysz", published="2026-01-09"))
    assert {(r["leader"], r["position"], r["quote_type"]) for r in rows} == {
        ("Władysław Kosiniak-Kamysz", "oppose", "direct")}


def test_unknown_person_takes_country_from_title():
    rows = extract_article(Article("t", "Former French army chief Pierre Lambert called the idea of a European ground force "
                                        "in Ukraine unrealistic.", published="2025-03-01"))
    assert [(r["leader"], r["country"], r["position"]) for r in rows] == [("Pierre Lambert", "France", "oppose")]


def test_row_carries_verbatim_quote_and_metadata():
    text = "Spanish Prime Minister Pedro Sánchez said on Monday that Spain would not rule out sending troops to Ukraine."
    art = Article("madrid-1", text, title="Sánchez on Ukraine", published="2025-03-05",
                  url="https://example.org/a", outlet="Test Wire")
    [row] = extract_article(art)
    assert list(row) == COLUMNS
    assert row["quote"] == text and row["quote"] in art.text
    assert row["date"] == "2025-03-03"          # "on Monday" before Wednesday 5 March
    assert row["role"] == "Prime Minister" and row["source"] == "Test Wire" and row["url"] == "https://example.org/a"
    assert row["quote_type"] == "reported" and 0 < float(row["confidence"]) <= 1


@pytest.mark.parametrize("text, expected", [
    # a transcript: the words after a label are the labelled person's, first person included
    ("PRIME MINISTER KRISTEN MICHAL: Our soldiers will be part of this force in Ukraine.\n"
     "QUESTION (Radio Tallinn): Will you send conscripts?\n"
     "MICHAL: No conscripts. Volunteers only.",
     [("Kristen Michal", "support", "direct")]),
    # a Q&A: the label is a surname; a government inside the answer is the speaker's own
    ("Q: Where does Belgium stand?\nDe Wever: Belgium will not send soldiers to Ukraine.",
     [("Bart De Wever", "oppose", "direct")]),
    # a label that names nobody known speaks for nobody
    ("Q: Where does Belgium stand?\nANALYST: Belgium will not send soldiers to Ukraine.",
     [("", "oppose", "reported")]),
])
def test_speaker_labels(text, expected):
    rows = extract_article(Article("t", text, published="2025-06-10"))
    assert [(r["leader"], r["position"], r["quote_type"]) for r in rows] == expected


def test_direct_quote_is_marked_and_a_named_holder_is_surer_than_a_pronoun():
    # the same stance: on real news a holder the text names is right more often than one found only
    # through 'he' (judge.confidence, feature named); a direct quote is not, so it earns nothing
    direct = extract_article(Article("a", "“We will send troops to Ukraine,” French President Emmanuel Macron said.",
                                     published="2025-03-05"))
    pronoun = extract_article(Article("b", "French President Emmanuel Macron spoke in Paris. Later he said France will "
                                           "send troops to Ukraine.", published="2025-03-05"))
    assert direct[0]["quote_type"] == "direct" and pronoun[0]["mention"] == "he"
    assert direct[0]["position"] == pronoun[0]["position"] == "support"
    assert float(direct[0]["confidence"]) > float(pronoun[0]["confidence"])


def test_announcing_another_owners_decision_adopts_nothing():
    """Rule adopted_document: announcing one's own plans adopts them, announcing a document someone else
    owns ("the two powers' decision") does not make the speaker back it."""
    said = extract_article(Article("a", "“A statement was released in Paris announcing the two nuclear powers’ decision "
                                        "to send their troops to Ukraine,” Hungarian Foreign Minister Péter Szijjártó said.",
                                   published="2026-01-12"))
    assert not [r for r in said if r["position"] == "support" or "adopted_document" in r["rule"]]


def test_round_13_reviewers_negatives():
    """Counter-examples a reviewer found to round 13's rules, each now held."""
    # if_clause: "even if" concedes, "as if" is a manner, "if only" a purpose: none sets a condition
    for tail in ("even if Russia objects", "as if to answer critics at home", "if only to show Moscow it means business"):
        assert rows_for(f"Britain is ready to deploy troops to Ukraine, Keir Starmer said, {tail}.") == \
            {("Keir Starmer", "United Kingdom", "support")}, tail
    assert rows_for("Slovakia will not send soldiers to Ukraine, Robert Fico said, even if other EU states do.") == \
        {("Robert Fico", "Slovakia", "oppose")}
    # co_subject: one set beside the subject with a predicate of its own does not share the subject's
    assert ("", "United States", "support") not in rows_for(
        "Together with the United States, which has refused to commit troops, Britain is drafting plans to send "
        "soldiers to Ukraine.")
    # support_phrase: the phrase must be on the way from the term; "in favour of" replaces one thing by another
    backed = extract_article(Article("t", "Mark Rutte said NATO was fully behind Ukraine, adding that any decision on "
                                          "troops for Ukraine was for individual allies.", published="2025-06-10"))
    assert not [r for r in backed if "support_phrase" in r["rule"]]
    dropped = extract_article(Article("t", "Germany has dropped the idea of a large ground force in Ukraine in favour of "
                                           "training Ukrainian soldiers at home, Boris Pistorius said.", published="2025-06-10"))
    assert not [r for r in dropped if r["position"] == "support"]
    # content_modal: a country's own troops in what a plan may include are its own hedge; other verbs hedge
    assert rows_for("Danish Prime Minister Mette Frederiksen said the guarantees may eventually include Danish troops "
                    "in Ukraine.") == {("Mette Frederiksen", "Denmark", "conditional")}
    assert rows_for("Swedish Prime Minister Ulf Kristersson said a scheme to send Nordic troops to Ukraine could be "
                    "supported by Sweden.") == {("Ulf Kristersson", "Sweden", "conditional")}
    # legislature_say: another country's parliament, or another speaker's clause, sets this holder no condition
    assert rows_for("French President Emmanuel Macron backed sending troops to Ukraine, but Italy's parliament must "
                    "first approve any Italian contribution.") == {("Emmanuel Macron", "France", "support")}
    assert ("Emmanuel Macron", "France", "support") in rows_for(
        "French President Emmanuel Macron backed sending troops to Ukraine, but Friedrich Merz has said the Bundestag "
        "needs to authorise any German deployment.")


def test_round_12_reviewers_negatives():
    """Counter-examples a reviewer found to round 12's rules, each now held."""
    # not_only: "simply" / "just" before a verb is a denied action, not a second judgement
    assert rows_for("Greek Prime Minister Kyriakos Mitsotakis said Greece can’t simply send troops to Ukraine.") == \
        {("Kyriakos Mitsotakis", "Greece", "oppose")}
    # country_modal_offer: "they" that are not countries offer nothing
    assert not [r for r in rows_for("Polish Prime Minister Donald Tusk said Russian commanders were regrouping. They "
                                    "could send troops into Ukraine from Belarus, he said.") if r[2] == "support"]
    # title_of_reported_country: a demand on a country is not its minister speaking; a post two people hold names no one
    assert {r[0] for r in rows_for("The summit opened in The Hague. The foreign minister said Germany should send "
                                   "troops to Ukraine.")} == {""}
    assert {r[0] for r in rows_for("The deputy foreign minister said Russia would never accept European troops in "
                                   "Ukraine.")} == {""}
    # adopted_document: declaring a plan something ("a provocation") judges it, it does not adopt it
    assert not [r for r in rows_for("Russian President Vladimir Putin declared the plan to deploy European troops in "
                                    "Ukraine a provocation.") if r[2] == "support"]
    # raised_agent: only a verb that makes the document its holder's
    assert not [r for r in rows_for("The plan, expected to be rejected by Hungary, would send 10,000 European troops "
                                    "to Ukraine.") if r[1] == "Hungary" and r[2] == "support"]
    # country_modal_offer's "they": only under a reporting verb
    assert not [r for r in rows_for("Germany and Italy doubt they could send troops to Ukraine.") if r[2] == "support"]
    # copular_proposal: a relative clause on the wish is another's view
    assert ("Donald Trump", "United States", "support") in rows_for(
        "US President Donald Trump pressed allies on Monday. The 5% target is a wish of Trump that Spain will never "
        "accept.", title="Allies weigh the spending goal", topic="nato_spending")
    # co_subject: not a phrase on a participle or relative clause between subject and verb
    assert {r[1] for r in rows_for("Spain, which fought alongside Britain in past missions, has ruled out sending "
                                   "troops to Ukraine.")} == {"Spain"}
    # list_tail: "including to cities such as Kyiv" is where the troops go, no member
    assert not [r for r in rows_for("The coalition will deploy troops to Ukraine, including to cities such as Kyiv and "
                                    "Odesa.") if r[1] == "Ukraine"]
    # neutral phrases: "declined to name the date" in one conjunct does not stop the relay in the other
    assert ("Keir Starmer", "United Kingdom", "support") in rows_for(
        "British Prime Minister Keir Starmer declined to name the date but confirmed Britain would send troops to Ukraine.")
    # post_before_name: a body's name after a post's noun is no person
    assert not [r for r in rows_for("The spokesman Royal Navy said British troops would go to Ukraine.") if r[0] == "Royal Navy"]


def test_government_row_goes_to_the_member_who_says_it():
    """Rule government_speaker: a government's words, said by its minister in the next sentence, are
    the minister's row; a sentence with a speaker of its own (a former ambassador) keeps its government."""
    said = extract_article(Article("a", "Poland might send soldiers to Ukraine. Defence Minister Władysław "
                                        "Kosiniak-Kamysz said so on the radio.", published="2026-02-12"))
    assert [(r["leader"], r["position"]) for r in said] == [("Władysław Kosiniak-Kamysz", "support")]
    other = extract_article(Article("b", "Poland might send soldiers to Ukraine, a former Polish ambassador suggested. "
                                         "Defence Minister Władysław Kosiniak-Kamysz said the army would buy tanks.",
                                    published="2026-02-12"))
    assert [(r["leader"], r["country"], r["position"]) for r in other] == [("", "Poland", "support")]
    # rule speaker_on_topic: a minister next door who speaks of something else does not say it
    elsewhere = extract_article(Article("c", "Poland might send soldiers to Ukraine. Defence Minister Władysław "
                                             "Kosiniak-Kamysz said the army would buy tanks.", published="2026-02-12"))
    assert [(r["leader"], r["country"], r["position"]) for r in elsewhere] == [("", "Poland", "support")]


def test_misspelt_speaker_takes_the_government_row():
    """Rules fuzzy_name + government_speaker: "Kosyniak-Kamysz" as a page misspells him is the
    table's Kosiniak-Kamysz, so his government's sentence is his row (not Poland's, not a second person)."""
    said = extract_article(Article("a", "Poland will not send soldiers to Ukraine. This was stated by Defence "
                                        "Minister Wladyslaw Kosyniak-Kamysz in Warsaw.", published="2026-02-12"))
    assert [(r["leader"], r["country"], r["position"]) for r in said] == \
        [("Władysław Kosiniak-Kamysz", "Poland", "oppose")]


# Stance F1 floors, a little under what each set scores now, so a regression shows. tests/articles
# holds one article per phenomenon; blind* were written by people who never saw the rules (see
# their READMEs) - 4 and then 5 were each scored once, untouched, for the held-out estimates in the README.
SETS = [("articles", 0.9), ("blind", 0.83), ("blind2", 0.75), ("blind3", 0.8), ("blind4", 0.78), ("blind5", 0.75)]


@pytest.mark.parametrize("folder, floor", SETS, ids=[s for s, _ in SETS])
def test_article_set_score(folder, floor):
    from extract.text.read import iter_input_paths, read_inputs
    base = HERE / folder
    arts = [a for _, a in read_inputs(iter_input_paths([base]), load_manifest(base / "manifest.csv"))]
    pred = normalise_rows([r for _, rows in extract_articles(arts) for r in rows])
    result = score(load_gold(base / "gold.csv"), pred)
    assert result["stance_f1"] >= floor, result["errors"]
    assert result["person_p"] >= 0.84   # the learned fallback adds a few holders the invented sets do not count (0.849 on blind)


def test_gated_topic_is_data(tmp_path, monkeypatch):
    """A second topic is a new file: defence spending, read with the same code, named by its file."""
    import shutil
    data = tmp_path / "data"
    shutil.copytree(HERE.parent / "data", data)
    (data / "topics" / "defence_spending.toml").write_text('''
label = "Raising defence spending"
question = "Does the leader back raising defence spending?"
terms = ["spending", "budget", "budgets"]
strong_terms = ["spending"]
anchors = ["defence", "defense"]
[cue_words]
support = ["raise", "increase", "boost"]
''', encoding="utf-8")
    monkeypatch.setenv("COALITION_DATA_DIR", str(data))
    rows = extract_article(Article("d", "Polish Prime Minister Donald Tusk called on European nations to raise defence spending.",
                                   published="2025-02-18"), topic="defence_spending")
    assert [(r["leader"], r["topic"], r["position"]) for r in rows] == [("Donald Tusk", "defence_spending", "support")]


def test_an_article_the_rules_trip_on_is_reported_not_fatal():
    """rows_or_error turns any failure inside the rules into an ArticleError naming the article;
    a Doc that was never parsed (no sentence boundaries) is such a failure."""
    from extract.nlp.parse import load_nlp
    from extract.run.article import rows_or_error
    from extract.schema import ArticleError
    from extract.topic.topics import load_topic
    article = Article("odd", "Polish Prime Minister Donald Tusk said Poland would not send troops to Ukraine.",
                      name="odd.txt", published="2025-02-18")
    got = rows_or_error(article, load_topic(), [(load_nlp().make_doc(article.text), 0)])
    assert isinstance(got, ArticleError) and got.name == "odd.txt" and "extraction failed" in got.reason
    assert rows_or_error(article, load_topic(), [(load_nlp()(article.text), 0)])[0]["leader"] == "Donald Tusk"


REAL = HERE / "real"


@pytest.mark.skipif(not (REAL / "texts").is_dir(), reason="tests/real/texts not re-created (see tests/real/README.md)")
def test_real_news_dev_set_score():
    """Progress is measured on real news: the dev half of tests/real (the held-out half is scored
    once, by hand, never here). The floor sits a little under today's score."""
    from extract.text.read import iter_input_paths, read_inputs
    arts = [a for _, a in read_inputs(iter_input_paths([REAL / "texts"]), load_manifest(REAL / "sources.csv"))
            if not isinstance(a, Exception)]
    result = score(load_gold(REAL / "gold.csv"), normalise_rows([r for _, rows in extract_articles(arts) for r in rows]))
    assert result["stance_f1"] >= 0.65, result["errors"]


def test_real_news_facts_are_committed_and_texts_are_not():
    """tests/real commits facts (sources, gold) only; third-party texts stay git-ignored."""
    import csv
    import subprocess
    sources = list(csv.DictReader(open(REAL / "sources.csv", encoding="utf-8")))
    assert len(sources) >= 60 and all(s["url"].startswith("http") and s["query"] for s in sources)
    ids = {s["article_id"] for s in sources}
    gold = list(csv.DictReader(open(REAL / "gold.csv", encoding="utf-8")))
    held = list(csv.DictReader(open(REAL / "heldout_gold.csv", encoding="utf-8")))
    assert {g["article_id"] for g in gold + held} <= ids
    split = {s["article_id"]: s["split"] for s in sources}
    assert {split[g["article_id"]] for g in gold} == {"dev"} and {split[g["article_id"]] for g in held} == {"heldout"}
    tracked = subprocess.run(["git", "ls-files", "tests"], cwd=HERE.parent, capture_output=True, text=True).stdout
    if tracked:   # a git checkout (CI's clean clone is one): no real set's texts or annotators' evidence files
        real = [p for p in tracked.split() if re.match(r"tests/real[^/]*/", p)]
        assert real and not [p for p in real if "/texts/" in p or p.endswith(".txt") or "/annot_" in p or "/notes_" in p]


SPENDING = HERE / "real_spending"


@pytest.mark.skipif(not (SPENDING / "texts").is_dir(),
                    reason="tests/real_spending/texts not re-created (see tests/real_spending/README.md)")
def test_real_news_spending_dev_set_score():
    """The spending topic on its own real dev set (its held-out articles are scored once, by hand)."""
    from extract.text.read import iter_input_paths, read_inputs
    dev = {a["article_id"] for a in csv.DictReader((SPENDING / "sources.csv").open(encoding="utf-8")) if a["split"] == "dev"}
    arts = [a for _, a in read_inputs(iter_input_paths([SPENDING / "texts"]), load_manifest(SPENDING / "sources.csv"))
            if not isinstance(a, Exception) and a.article_id in dev]
    rows = [r for _, rows in extract_articles(arts, "nato_spending") for r in rows]
    result = score(load_gold(SPENDING / "gold.csv"), normalise_rows(rows))
    assert result["stance_f1"] >= 0.8, result["errors"]   # 0.828 on the 46 dev articles (30 + 16 single-annotated)
