"""Offset-preserving Arabic text handling: normalisation, sentences, tokens, phrase matching."""
from .normalize import NormText, fold, normalize

__all__ = ["NormText", "fold", "normalize"]
