"""Dependency labels (spaCy's English scheme, ClearNLP style) as named sets, as textacy's
`extract/triples.py` keeps them: a rule says which relation it follows by name."""

SUBJECTS = frozenset({"nsubj", "nsubjpass", "csubj"})           # who or what a predicate is about
NOMINAL_SUBJECTS = frozenset({"nsubj", "nsubjpass"})
CLAUSAL_SUBJECTS = frozenset({"csubj", "csubjpass"})            # "Sending soldiers means…"
OBJECT_DEPS = frozenset({"dobj", "nsubjpass"})                  # what a verb acts on, active or passive
MODIFIER_DEPS = frozenset({"amod", "compound", "poss", "nmod"})  # what names a noun's owner or kind
RELATIVE_DEPS = frozenset({"acl", "relcl"})                     # clauses hanging on a noun
# Children of a predicate that belong to its cue group ("is not ready", "ruled out", "no plans").
GROUP_DEPS = frozenset({"neg", "acomp", "attr", "oprd", "prt", "aux", "auxpass", "advmod", "det", "preconj", "cc"})
# Once a clause has a position, a verb above a clausal edge only reports or restates it.
CLAUSAL_EDGES = frozenset({"ccomp", "advcl", "parataxis", "conj", "xcomp"})
# Words around the path that phrases are matched over (intj: "said no to").
SCOPE_DEPS = frozenset({"neg", "acomp", "attr", "oprd", "prt", "aux", "det", "advmod", "dobj", "prep", "intj"})
# Where a negator may hang and still deny its head.
NEGATOR_DEPS = frozenset({"neg", "det", "advmod", "preconj", "cc", "ROOT", "dep"})
AUX_DEPS = frozenset({"aux", "auxpass"})
# Edges along which the topic term is what a verb of providing provides.
OBJECT_PATH_DEPS = frozenset({"dobj", "xcomp", "ccomp", "attr", "nsubjpass", "conj"})
# A reporting verb beside the statement: "…, she said, …"
TAG_DEPS = frozenset({"parataxis", "advcl", "conj"})
