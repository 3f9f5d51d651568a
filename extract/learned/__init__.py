"""A learned last pass: holders named on the topic that no rule read (`fallback`), read by a small
model trained on real annotated articles (`train`), its weights a data file per topic."""
