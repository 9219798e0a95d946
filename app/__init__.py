"""Layer Lab: learn how Keras layers work by touching them."""
