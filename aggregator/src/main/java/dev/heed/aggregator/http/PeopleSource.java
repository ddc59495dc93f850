package dev.heed.aggregator.http;

import dev.heed.aggregator.topology.PersonView;
import java.util.List;

/** Where {@link PeopleEndpoint} gets a camera's people from: the aggregator's state store, or a test double. */
@FunctionalInterface
public interface PeopleSource {
    /**
     * @return the camera's people ordered by track id
     * @throws org.apache.kafka.streams.errors.InvalidStateStoreException while the stores cannot be queried
     *         (starting, rebalancing, stopped)
     */
    List<PersonView> people(String cameraId);
}
