// Amazon Personalize's real-time path: dataset groups, schemas, datasets and event trackers, and the recommendations back: solutions, solution versions, campaigns and filters.
package personalize
