"""Small helpers every app may import (the bottom layer: no app imports)."""
