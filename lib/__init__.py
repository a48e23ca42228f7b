"""rnadl: shared code of the course book "Redes Neuronales Artificiales y Deep Learning".

Importing the package first keeps TensorFlow's C++ start-up log out of the chapters' outputs.
"""

import os

# Must be set before TensorFlow is imported; a user's own setting wins.
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")

__version__ = "0.1.0"
