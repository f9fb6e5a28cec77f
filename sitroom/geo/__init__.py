"""Gazetteer: the compact place index, name keys and toponym resolution."""
