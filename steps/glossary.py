"""Glossary: the words of machine learning, each with a short definition and an example."""

import streamlit as st

from core.learn import GLOSSARY, search_terms

st.title("Glossary")
st.caption(
    f"{len(GLOSSARY)} terms used across ModelPath, each with a definition and an example. "
    "Lessons in guided mode list the terms they use."
)
query = st.text_input("Find a term", key="w.glossary.query", placeholder="e.g. overfitting")
terms = search_terms(query) if query.strip() else list(GLOSSARY.values())
if not terms:
    st.info("No term matches. Try a shorter word, or browse the whole list by clearing the box.")
names = {term.key: term.name for term in GLOSSARY.values()}
for term in terms:
    with st.expander(term.name, expanded=bool(query.strip()) and len(terms) <= 3):
        st.write(term.definition)
        st.caption(f"Example: {term.example}")
        if term.aliases:
            st.caption("Also called: " + ", ".join(term.aliases))
        if term.related:
            st.caption("Related: " + ", ".join(names[key] for key in term.related if key in names))
