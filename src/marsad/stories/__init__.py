"""Stories stage: articles about the same event grouped across languages and outlets.

Pure, plain data in and out: ``state`` (parameters, items, story states), ``cluster`` (the
online clusterer), ``agglomerate`` (average link over a k-NN graph), ``recluster`` (the
merge/split pass with stable keys), ``evaluate`` (B-cubed and pairwise scores on gold).
The store glue is ``stage`` (EmbedStage, StoryStage, recluster_store).
"""
