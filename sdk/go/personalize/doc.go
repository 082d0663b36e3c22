// Amazon Personalize's real-time path: dataset groups, schemas, datasets and event trackers.
package personalize
