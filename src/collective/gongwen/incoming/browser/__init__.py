"""收文 pages: the 「办理」 panel, 催办 and the overdue list (R-I2 … R-I5)."""
