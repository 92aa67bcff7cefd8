package dev.concert.testing;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

import dev.concert.platform.messaging.EventConsumer;

import org.springframework.modulith.core.ApplicationModules;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * The boundaries every service keeps, checked against its compiled classes:
 * <ul>
 * <li>each capability (a direct sub-package of the application's package) reaches another only through that
 * package's public types, and no two capabilities depend on each other in a cycle (Spring Modulith);</li>
 * <li>a table is written by one package: every store ({@code *Store}) is package-private, so no other package can
 * reach it;</li>
 * <li>one naming scheme: event listeners are {@code *Events} and extend the platform's {@link EventConsumer}, and
 * nothing else declares a Kafka listener.</li>
 * </ul>
 */
public final class Boundaries {

    private Boundaries() {
    }

    /** Whether a service's stores must be package-private. */
    public enum Stores {
        PACKAGE_PRIVATE,
        /**
         * queue-service: its Redis stores stay public so that its multi-instance tests can drive several of them side
         * by side; Modulith still keeps other capabilities' production code out of them.
         */
        PUBLIC_FOR_MULTI_INSTANCE_TESTS
    }

    public static void verify(Class<?> application) {
        verify(application, Stores.PACKAGE_PRIVATE);
    }

    public static void verify(Class<?> application, Stores stores) {
        ApplicationModules.of(application).verify();
        JavaClasses production = production(application);
        if (stores == Stores.PACKAGE_PRIVATE) {
            classes().that().haveSimpleNameEndingWith("Store").should().notBePublic()
                    .because("a table is written by the one package that owns its store")
                    .check(production);
        }
        classes().that().areAssignableTo(EventConsumer.class).should().haveSimpleNameEndingWith("Events")
                .check(production);
        noClasses().that().areNotAssignableTo(EventConsumer.class).should()
                .dependOnClassesThat().haveFullyQualifiedName("org.springframework.kafka.annotation.KafkaListener")
                .because("events are consumed through the platform's EventConsumer only")
                .check(production);
    }

    private static JavaClasses production(Class<?> application) {
        return new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(application.getPackageName());
    }
}
