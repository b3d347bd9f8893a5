"""Linnékommuner i samverkan: survey data, measures, maps and charts.

Pure Python; never imports streamlit. The Streamlit pages in ``pages/`` call into this
package and only render what it returns.
"""

__version__ = "0.1.0"
