"""ctai-site: fiches actions d'un CTAI -> site multilingue, brouillons Réfugiés.info, données ouvertes."""

__version__ = "0.2.0"
