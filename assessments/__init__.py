"""How a partnership is assessed: the 15 points for thought, the phase gates, health checks, reviews and evaluations."""
