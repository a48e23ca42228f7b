"""rnadl: shared code of the course book.

The book is "Redes Neuronales Artificiales y Deep Learning". Importing the
package does nothing else: a page starts TensorFlow explicitly, quietly and
with the oneDNN setting it wants, through rnadl.startup.import_tensorflow.
"""

__version__ = "0.1.0"
