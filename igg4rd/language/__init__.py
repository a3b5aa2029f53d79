"""The product's words: the vocabulary of every code (`words`). It sits beneath every other layer
so that the rules, the cohort tables and the renderers speak one vocabulary."""
