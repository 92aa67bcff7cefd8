package dev.concert.testing;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.stream.Collectors;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaConstructorCall;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

import dev.concert.events.DomainEvent;
import dev.concert.events.saga.Participant;
import dev.concert.events.saga.ReservationSaga;
import dev.concert.platform.messaging.EventConsumer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Holds a service to its rows of {@link ReservationSaga}: the event types its consumers register are exactly the
 * events the table says it reacts to, and the events its production code creates are exactly those the table says
 * it announces.
 */
public final class SagaContract {

    private SagaContract() {
    }

    /** Both: what the service's consumers handle and what its production code under {@code basePackage} creates. */
    public static void assertParticipates(Participant participant, Collection<? extends EventConsumer> consumers,
                                          String basePackage) {
        assertHandles(participant, consumers);
        assertPublishes(participant, basePackage);
    }

    public static void assertHandles(Participant participant, Collection<? extends EventConsumer> consumers) {
        Set<Class<? extends DomainEvent>> registered = new LinkedHashSet<>();
        for (EventConsumer consumer : consumers) {
            assertThat(consumer.handlers().consumer()).isEqualTo(participant.serviceName());
            registered.addAll(consumer.handlers().handledTypes());
        }
        assertThat(names(registered)).as("event types %s registers handlers for", participant.serviceName())
                .isEqualTo(names(ReservationSaga.handledBy(participant)));
    }

    /** Scans the production classes under {@code basePackage} for the events they construct. */
    public static void assertPublishes(Participant participant, String basePackage) {
        JavaClasses classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(basePackage);
        Set<String> created = new java.util.TreeSet<>();
        for (JavaClass type : classes) {
            for (JavaConstructorCall call : type.getConstructorCallsFromSelf()) {
                JavaClass target = call.getTargetOwner();
                if (target.isAssignableTo(DomainEvent.class) && !target.isInterface()) {
                    created.add(target.getSimpleName());
                }
            }
        }
        assertThat(created).as("events %s creates", participant.serviceName())
                .isEqualTo(names(ReservationSaga.publishedBy(participant)));
    }

    private static Set<String> names(Collection<Class<? extends DomainEvent>> types) {
        return types.stream().map(Class::getSimpleName).collect(Collectors.toCollection(java.util.TreeSet::new));
    }
}
