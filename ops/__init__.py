"""Building, training and running the product's processes (``python -m ops``)."""
