"""Models of the model_workers app."""
